package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import dev.kiln.runtime.kernels.loops.FloatLoops;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise sum of two or more arrays of one shape, optionally followed by ReLU (the fused
 * add + ReLU that closes a residual unit).
 *
 * <pre>
 * forward:  y   = Σ_k x_k              (relu: y = max(Σ_k x_k, 0))
 * backward: dx_k = dy for every k      ({@link Grad#pass}; with relu, first {@link Relu#backward} on y)
 * </pre>
 *
 * {@code y} may be the same array as any input: each element is read from every input before
 * it is written.
 */
public final class Add {
    private Add() {}

    /** {@code y = a + b}, then ReLU when {@code relu}; all three have one shape. */
    public static void forward(INDArray a, INDArray b, INDArray y, boolean relu) {
        ShapeChecks.requireSameShape("Add.forward", "b", b, "a", a);
        ShapeChecks.requireSameShape("Add.forward", "y", y, "a", a);
        if (FloatLoops.applies(a, b, y)) {
            FloatLoops.add(a, b, y, relu);
            return;
        }
        Buf p = Buf.of(a);
        Buf q = Buf.of(b);
        Buf out = Buf.of(y);
        for (int i = 0, n = p.length(); i < n; i++) {
            double v = p.get(i) + q.get(i);
            out.set(i, relu && v <= 0 ? 0 : v);
        }
    }

    /** {@code y = xs[0] + xs[1] + …}, then ReLU when {@code relu}; at least one input, all of one shape. */
    public static void forward(INDArray[] xs, INDArray y, boolean relu) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("Add.forward: needs at least one input, but got none");
        }
        for (int k = 0; k < xs.length; k++) {
            if (!Arrays.equals(xs[k].shape(), y.shape())) {
                throw new IllegalArgumentException("Add.forward: xs[" + k + "] must have the shape of y "
                        + ShapeChecks.shape(y) + ", but is " + ShapeChecks.shape(xs[k]));
            }
        }
        if (xs.length == 2) {
            forward(xs[0], xs[1], y, relu);
            return;
        }
        Buf out = Buf.of(y);
        Buf[] in = new Buf[xs.length];
        for (int k = 0; k < xs.length; k++) {
            in[k] = Buf.of(xs[k]);
        }
        for (int i = 0, n = out.length(); i < n; i++) {
            double v = 0;
            for (Buf b : in) {
                v += b.get(i);
            }
            out.set(i, relu && v <= 0 ? 0 : v);
        }
    }
}
