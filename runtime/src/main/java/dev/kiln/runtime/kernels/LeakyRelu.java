package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Leaky rectified linear unit with a fixed {@code slope ≥ 0}, element-wise over any shape.
 *
 * <pre>
 * forward:  y  = x                 if x &gt; 0, else slope · x
 * backward: dx = dy · (y &gt; 0 ? 1 : slope)
 * </pre>
 *
 * With {@code slope ≥ 0} the sign of {@code y} is the sign of {@code x}, so backward reads the
 * output and the forward may run in place; {@code dx} may be {@code dy} when not accumulating.
 */
public final class LeakyRelu {
    private LeakyRelu() {}

    /** {@code y = x > 0 ? x : slope · x}; {@code y} may be the same array as {@code x}. */
    public static void forward(double slope, INDArray x, INDArray y) {
        requireSlope("LeakyRelu.forward", slope);
        ShapeChecks.requireSameShape("LeakyRelu.forward", "y", y, "x", x);
        Buf in = Buf.of(x);
        Buf out = Buf.of(y);
        for (int i = 0, n = in.length(); i < n; i++) {
            double v = in.get(i);
            out.set(i, v > 0 ? v : slope * v);
        }
    }

    /** {@code dx (+)= dy · (y > 0 ? 1 : slope)}; all three arrays have the same shape. */
    public static void backward(double slope, INDArray y, INDArray dy, INDArray dx, boolean accumulate) {
        requireSlope("LeakyRelu.backward", slope);
        ShapeChecks.requireSameShape("LeakyRelu.backward", "dy", dy, "y", y);
        ShapeChecks.requireSameShape("LeakyRelu.backward", "dx", dx, "y", y);
        Buf out = Buf.of(y);
        Buf g = Buf.of(dy);
        Buf d = Buf.of(dx);
        for (int i = 0, n = out.length(); i < n; i++) {
            double v = g.get(i);
            d.put(i, out.get(i) > 0 ? v : slope * v, accumulate);
        }
    }

    private static void requireSlope(String where, double slope) {
        if (!(slope >= 0) || Double.isInfinite(slope)) {
            throw new IllegalArgumentException(where + ": slope must be finite and ≥ 0, but is " + slope);
        }
    }
}
