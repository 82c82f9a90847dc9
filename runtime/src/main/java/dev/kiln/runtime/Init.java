package dev.kiln.runtime;

import dev.kiln.runtime.arrays.Buf;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** How generated networks create their parameters: reproducibly from one seed. */
public final class Init {
    private Init() {}

    /**
     * He (Kaiming) normal initialisation for a conv or dense weight whose first dimension is the
     * output: entries ~ N(0, 2 / fanIn), fanIn the product of the other dimensions.
     */
    public static INDArray he(DataType type, SplittableRandom random, long... shape) {
        INDArray w = Nd4j.zeros(type, shape);
        long fanIn = w.length() / shape[0];
        double std = Math.sqrt(2.0 / fanIn);
        Buf b = Buf.of(w);
        for (int i = 0; i < b.length(); i++) {
            b.set(i, std * gaussian(random));
        }
        return w;
    }

    /** An array of {@code shape} with every entry {@code value}. */
    public static INDArray constant(DataType type, double value, long... shape) {
        INDArray a = Nd4j.zeros(type, shape);
        if (value != 0) {
            a.assign(value);
        }
        return a;
    }

    /** A standard normal draw (Box–Muller), so results do not depend on the JDK's Gaussian algorithm. */
    static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
