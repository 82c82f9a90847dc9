package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import dev.kiln.runtime.kernels.loops.FloatLoops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Rectified linear unit, element-wise over any shape.
 *
 * <pre>
 * forward:  y  = max(x, 0)
 * backward: dx = dy · [y &gt; 0]        (y &gt; 0 exactly when x &gt; 0)
 *           dx = (dyA + dyB) · [y &gt; 0]   (backwardOfSum: a gradient in two parts)
 * </pre>
 *
 * Backward reads the output {@code y}, not the input, so the forward may run in place
 * ({@code x == y}); {@code dx} may be the same array as {@code dy} when not accumulating.
 */
public final class Relu {
    private Relu() {}

    /** {@code y = max(x, 0)}; {@code x} and {@code y} have the same shape and may be the same array. */
    public static void forward(INDArray x, INDArray y) {
        ShapeChecks.requireSameShape("Relu.forward", "y", y, "x", x);
        if (FloatLoops.applies(x, y)) {
            FloatLoops.relu(x, y);
            return;
        }
        Buf in = Buf.of(x);
        Buf out = Buf.of(y);
        for (int i = 0, n = in.length(); i < n; i++) {
            double v = in.get(i);
            out.set(i, v <= 0 ? 0 : v); // NaN passes through, as in PyTorch, so a diverging run shows in its loss
        }
    }

    /** {@code dx (+)= dy · [y > 0]}; all three arrays have the same shape. */
    public static void backward(INDArray y, INDArray dy, INDArray dx, boolean accumulate) {
        ShapeChecks.requireSameShape("Relu.backward", "dy", dy, "y", y);
        ShapeChecks.requireSameShape("Relu.backward", "dx", dx, "y", y);
        if (FloatLoops.applies(y, dy, dx)) {
            FloatLoops.reluBackward(y, dy, dx, accumulate);
            return;
        }
        Buf out = Buf.of(y);
        Buf g = Buf.of(dy);
        Buf d = Buf.of(dx);
        for (int i = 0, n = out.length(); i < n; i++) {
            d.put(i, out.get(i) > 0 ? g.get(i) : 0, accumulate);
        }
    }

    /**
     * {@code dx = (dyA + dyB) · [y > 0]}: the backward of a ReLU whose output gradient arrives in
     * two parts (a residual block's output feeding the next block's first layer and its identity
     * shortcut), summed in the same pass; dx may be dyA or dyB. All four arrays have one shape.
     */
    public static void backwardOfSum(INDArray y, INDArray dyA, INDArray dyB, INDArray dx) {
        ShapeChecks.requireSameShape("Relu.backwardOfSum", "dyA", dyA, "y", y);
        ShapeChecks.requireSameShape("Relu.backwardOfSum", "dyB", dyB, "y", y);
        ShapeChecks.requireSameShape("Relu.backwardOfSum", "dx", dx, "y", y);
        if (FloatLoops.applies(y, dyA, dyB, dx)) {
            FloatLoops.reluBackwardOfSum(y, dyA, dyB, dx);
            return;
        }
        Buf out = Buf.of(y);
        Buf a = Buf.of(dyA);
        Buf b = Buf.of(dyB);
        Buf d = Buf.of(dx);
        for (int i = 0, n = out.length(); i < n; i++) {
            double g = a.get(i) + b.get(i);
            d.set(i, out.get(i) > 0 ? g : 0);
        }
    }
}
