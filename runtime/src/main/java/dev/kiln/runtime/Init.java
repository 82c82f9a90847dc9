package dev.kiln.runtime;

import dev.kiln.runtime.arrays.Buf;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How generated networks create their tensors. {@link #seeded} makes parameters reproducibly
 * from one seed, each He tensor drawing from one stream in declaration order; {@link #zeroed}
 * makes every tensor zero, for the gradients, which have the parameters' shapes.
 */
public final class Init {
    private final DataType type;
    /** The stream He tensors draw from; null when every tensor is zero. */
    private final SplittableRandom random;

    private Init(DataType type, SplittableRandom random) {
        this.type = type;
        this.random = random;
    }

    /** Parameters of element type {@code type} drawn from {@code seed}. */
    public static Init seeded(DataType type, long seed) {
        return new Init(type, new SplittableRandom(seed));
    }

    /** Every tensor zero, whatever it asks for: gradients. */
    public static Init zeroed(DataType type) {
        return new Init(type, null);
    }

    /**
     * He (Kaiming) normal initialisation for a conv or dense weight whose first dimension is the
     * output: entries ~ N(0, 2 / fanIn), fanIn the product of the other dimensions.
     */
    public INDArray he(long... shape) {
        INDArray w = Nd4j.zeros(type, shape);
        if (random == null) {
            return w;
        }
        long fanIn = w.length() / shape[0];
        double std = Math.sqrt(2.0 / fanIn);
        Buf b = Buf.of(w);
        for (int i = 0; i < b.length(); i++) {
            b.set(i, std * gaussian(random));
        }
        return w;
    }

    /** Ones (zeros for gradients): a batch norm's scale, a running variance. */
    public INDArray ones(long... shape) {
        INDArray a = Nd4j.zeros(type, shape);
        return random == null ? a : a.assign(1);
    }

    /** Zeros: biases, a batch norm's shift, a running mean. */
    public INDArray zeros(long... shape) {
        return Nd4j.zeros(type, shape);
    }

    /** A standard normal draw (Box–Muller), so results do not depend on the JDK's Gaussian algorithm. */
    static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
