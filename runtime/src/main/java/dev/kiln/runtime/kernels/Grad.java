package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import dev.kiln.runtime.kernels.loops.FloatLoops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Passing a gradient through unchanged: the backward of every step whose derivative is the
 * identity for an input, such as each input of {@link Add}.
 *
 * <pre>
 * forward (for example): y = a + b
 * backward:              da = dy,  db = dy
 * </pre>
 */
public final class Grad {
    private Grad() {}

    /** {@code dx = dy}, or {@code dx += dy} when {@code accumulate}; both have the same shape. */
    public static void pass(INDArray dy, INDArray dx, boolean accumulate) {
        ShapeChecks.requireSameShape("Grad.pass", "dx", dx, "dy", dy);
        if (dx == dy && !accumulate) {
            return;
        }
        if (FloatLoops.applies(dy, dx)) {
            FloatLoops.pass(dy, dx, accumulate);
            return;
        }
        Buf g = Buf.of(dy);
        Buf d = Buf.of(dx);
        for (int i = 0, n = g.length(); i < n; i++) {
            d.put(i, g.get(i), accumulate);
        }
    }
}
