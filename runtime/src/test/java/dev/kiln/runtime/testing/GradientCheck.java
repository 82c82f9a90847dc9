package dev.kiln.runtime.testing;

import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central finite differences in double precision against an analytic gradient. The scalar
 * checked is {@code L = Σ output · upstream} for a fixed random {@code upstream}, so the
 * analytic gradient is what a kernel's backward produces when given {@code dy = upstream}.
 */
public final class GradientCheck {
    /** Relative error accepted in double precision with eps = 1e-6. */
    public static final double TOLERANCE = 1e-6;

    private GradientCheck() {}

    /** A DOUBLE array of {@code shape} with entries uniform in [-1, 1), reproducible from {@code seed}. */
    public static INDArray random(long seed, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextDouble(-1, 1));
        }
        return a;
    }

    /** {@link #random} with every entry pushed to |x| ≥ 0.1, so that no finite difference straddles a kink at 0. */
    public static INDArray awayFromZero(long seed, long... shape) {
        INDArray a = random(seed, shape);
        for (long i = 0; i < a.length(); i++) {
            double v = a.getDouble(i);
            a.putScalar(i, Math.copySign(0.1 + Math.abs(v), v));
        }
        return a;
    }

    /**
     * Compares {@code analytic} (dL/d{@code wrt}) with central differences, element by element,
     * and returns the largest relative error {@code |a − n| / max(|a| + |n|, 1e-10)}, printing it.
     *
     * @param forward recomputes {@code output} from the current values of the inputs
     */
    public static double check(String label, Runnable forward, INDArray output, INDArray upstream,
                               INDArray wrt, INDArray analytic) {
        double eps = 1e-6;
        double worst = 0;
        for (long i = 0; i < wrt.length(); i++) {
            double saved = wrt.getDouble(i);
            wrt.putScalar(i, saved + eps);
            forward.run();
            double plus = dot(output, upstream);
            wrt.putScalar(i, saved - eps);
            forward.run();
            double minus = dot(output, upstream);
            wrt.putScalar(i, saved);
            double numeric = (plus - minus) / (2 * eps);
            worst = Math.max(worst, relativeError(analytic.getDouble(i), numeric));
        }
        forward.run();
        System.out.printf(Locale.ROOT, "gradient check %-40s max relative error %.2e over %d elements%n",
                label, worst, wrt.length());
        return worst;
    }

    /**
     * The cheap check for large tensors: one random direction {@code v}; compares
     * {@code analytic · v} with {@code (L(x + εv) − L(x − εv)) / 2ε}.
     */
    public static double checkDirection(String label, long seed, Runnable forward, INDArray output,
                                        INDArray upstream, INDArray wrt, INDArray analytic) {
        double eps = 1e-6;
        INDArray v = random(seed, wrt.shape());
        INDArray saved = wrt.dup();
        wrt.addi(v.mul(eps));
        forward.run();
        double plus = dot(output, upstream);
        wrt.assign(saved).subi(v.mul(eps));
        forward.run();
        double minus = dot(output, upstream);
        wrt.assign(saved);
        forward.run();
        double error = relativeError(dot(analytic, v), (plus - minus) / (2 * eps));
        System.out.printf(Locale.ROOT, "gradient check %-40s relative error %.2e along one random direction%n",
                label, error);
        return error;
    }

    public static double relativeError(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(a) + Math.abs(b), 1e-10);
    }

    private static double dot(INDArray a, INDArray b) {
        double s = 0;
        for (long i = 0; i < a.length(); i++) {
            s += a.getDouble(i) * b.getDouble(i);
        }
        return s;
    }
}
