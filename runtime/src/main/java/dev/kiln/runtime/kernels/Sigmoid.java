package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Logistic sigmoid, element-wise over any shape.
 *
 * <pre>
 * forward:  y  = 1 / (1 + e^(−x))
 * backward: dx = dy · y · (1 − y)
 * </pre>
 *
 * For very negative {@code x}, {@code e^(−x)} overflows to infinity and {@code y} becomes 0,
 * which is the correct limit. Backward reads only the output, so the forward may run in place;
 * {@code dx} may be the same array as {@code dy} when not accumulating.
 */
public final class Sigmoid {
    private Sigmoid() {}

    /** {@code y = σ(x)}; {@code y} may be the same array as {@code x}. */
    public static void forward(INDArray x, INDArray y) {
        ShapeChecks.requireSameShape("Sigmoid.forward", "y", y, "x", x);
        Buf in = Buf.of(x);
        Buf out = Buf.of(y);
        for (int i = 0, n = in.length(); i < n; i++) {
            out.set(i, 1 / (1 + Math.exp(-in.get(i))));
        }
    }

    /** {@code dx (+)= dy · y · (1 − y)}; all three arrays have the same shape. */
    public static void backward(INDArray y, INDArray dy, INDArray dx, boolean accumulate) {
        ShapeChecks.requireSameShape("Sigmoid.backward", "dy", dy, "y", y);
        ShapeChecks.requireSameShape("Sigmoid.backward", "dx", dx, "y", y);
        Buf out = Buf.of(y);
        Buf g = Buf.of(dy);
        Buf d = Buf.of(dx);
        for (int i = 0, n = out.length(); i < n; i++) {
            double v = out.get(i);
            d.put(i, g.get(i) * v * (1 - v), accumulate);
        }
    }
}
