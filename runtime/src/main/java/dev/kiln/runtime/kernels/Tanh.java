package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hyperbolic tangent, element-wise over any shape.
 *
 * <pre>
 * forward:  y  = tanh(x)
 * backward: dx = dy · (1 − y²)
 * </pre>
 *
 * Backward reads only the output, so the forward may run in place ({@code x == y});
 * {@code dx} may be the same array as {@code dy} when not accumulating.
 */
public final class Tanh {
    private Tanh() {}

    /** {@code y = tanh(x)}; {@code y} may be the same array as {@code x}. */
    public static void forward(INDArray x, INDArray y) {
        ShapeChecks.requireSameShape("Tanh.forward", "y", y, "x", x);
        Buf in = Buf.of(x);
        Buf out = Buf.of(y);
        for (int i = 0, n = in.length(); i < n; i++) {
            out.set(i, Math.tanh(in.get(i)));
        }
    }

    /** {@code dx (+)= dy · (1 − y²)}; all three arrays have the same shape. */
    public static void backward(INDArray y, INDArray dy, INDArray dx, boolean accumulate) {
        ShapeChecks.requireSameShape("Tanh.backward", "dy", dy, "y", y);
        ShapeChecks.requireSameShape("Tanh.backward", "dx", dx, "y", y);
        Buf out = Buf.of(y);
        Buf g = Buf.of(dy);
        Buf d = Buf.of(dx);
        for (int i = 0, n = out.length(); i < n; i++) {
            double v = out.get(i);
            d.put(i, g.get(i) * (1 - v * v), accumulate);
        }
    }
}
