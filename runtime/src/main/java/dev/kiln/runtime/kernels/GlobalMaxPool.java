package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global max pooling: the largest element of each channel's plane, as plain loops.
 *
 * <pre>
 * forward   y[n,c]      = max_{h,l} x[n,c,h,l]        a[n,c] = its position (the first on a tie; a NaN wins)
 * backward  dx[n,c,h,l] = dy[n,c] if (h,l) = a[n,c], else 0
 * </pre>
 *
 * Shapes: x and dx [N,C,H,W]; y and dy [N,C]. Forward remembers the argmax of each plane (an
 * {@code int[]} owned here, reallocated only when N·C changes) and the input shape for backward.
 */
public final class GlobalMaxPool {
    /** Flat index into x of each plane's maximum, from the last forward. */
    private int[] argmax;
    private long[] inShape;

    public GlobalMaxPool() {}

    /** y = the maximum of each [H,W] plane of x; remembers where it came from. */
    public void forward(INDArray x, INDArray y) {
        GlobalAvgPool.check("GlobalMaxPool.forward", "x", x, "y", y);
        Buf xb = Buf.of(x);
        Buf yb = Buf.of(y);
        if (argmax == null || argmax.length != yb.length()) {
            argmax = new int[yb.length()];
        }
        inShape = x.shape().clone();
        int area = (int) (x.size(2) * x.size(3));
        for (int plane = 0, planes = yb.length(); plane < planes; plane++) {
            int best = plane * area;
            double max = xb.get(best);
            for (int i = best + 1, end = best + area; i < end; i++) {
                double v = xb.get(i);
                if (v > max || v != v) {
                    max = v;
                    best = i;
                }
            }
            yb.set(plane, max);
            argmax[plane] = best;
        }
    }

    /** dx = dy at each plane's argmax of the last forward, 0 elsewhere (overwritten, or added when {@code accumulate}). */
    public void backward(INDArray dy, INDArray dx, boolean accumulate) {
        if (argmax == null) {
            throw new IllegalStateException("GlobalMaxPool.backward: forward must run first");
        }
        if (!Arrays.equals(dx.shape(), inShape)) {
            throw new IllegalArgumentException("GlobalMaxPool.backward: dx must be " + ShapeChecks.shape(inShape)
                    + " as x in the last forward, but is " + ShapeChecks.shape(dx));
        }
        GlobalAvgPool.check("GlobalMaxPool.backward", "dx", dx, "dy", dy);
        Buf dyb = Buf.of(dy);
        Buf dxb = Buf.of(dx);
        if (!accumulate) {
            for (int i = 0, n = dxb.length(); i < n; i++) {
                dxb.set(i, 0);
            }
        }
        for (int plane = 0, planes = dyb.length(); plane < planes; plane++) {
            dxb.add(argmax[plane], dyb.get(plane));
        }
    }
}
