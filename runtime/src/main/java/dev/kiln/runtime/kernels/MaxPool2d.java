package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling over square windows of side {@code k} with stride {@code s} and symmetric padding
 * {@code p} that counts as −∞ (PyTorch's {@code MaxPool2d}, floor mode), as plain loops.
 *
 * <pre>
 * forward   y[n,c,i,j] = max_{u,v &lt; k} x[n,c, s·i−p+u, s·j−p+v]     (positions outside x skipped)
 *           a[n,c,i,j] = the position of that maximum (the first one on a tie; a NaN wins)
 * backward  dx[n,c,h,l] = Σ_{i,j : a[n,c,i,j] = (h,l)} dy[n,c,i,j]
 * </pre>
 *
 * Shapes: x and dx [N,C,H,W]; y and dy [N,C,H',W'] with H' = ⌊(H + 2p − k) / s⌋ + 1, likewise W'.
 * Forward remembers the argmax positions (an {@code int[]} owned here, reallocated only when the
 * output size changes) and the input shape for the next backward. As in PyTorch, {@code p ≤ k/2},
 * so every window holds at least one element of x.
 */
public final class MaxPool2d {
    private final int size;
    private final int stride;
    private final int padding;
    /** Flat index into x of each output's maximum, from the last forward. */
    private int[] argmax;
    private long[] inShape;
    private long[] outShape;

    public MaxPool2d(int size, int stride, int padding) {
        ShapeChecks.requirePoolWindow("MaxPool2d", size, stride, padding);
        this.size = size;
        this.stride = stride;
        this.padding = padding;
    }

    /** y = the maximum of each window of x; remembers where each maximum came from. */
    public void forward(INDArray x, INDArray y) {
        if (x.rank() != 4 || x.size(2) + 2L * padding < size || x.size(3) + 2L * padding < size) {
            throw new IllegalArgumentException("MaxPool2d.forward: x must be [N,C,H,W] with H and W at least "
                    + (size - 2 * padding) + ", but is " + ShapeChecks.shape(x));
        }
        int height = (int) x.size(2);
        int width = (int) x.size(3);
        int outH = (height + 2 * padding - size) / stride + 1;
        int outW = (width + 2 * padding - size) / stride + 1;
        long[] expected = {x.size(0), x.size(1), outH, outW};
        if (!Arrays.equals(y.shape(), expected)) {
            throw new IllegalArgumentException("MaxPool2d.forward: y must be " + ShapeChecks.shape(expected) + " for x "
                    + ShapeChecks.shape(x) + ", but is " + ShapeChecks.shape(y));
        }
        Buf xb = Buf.of(x);
        Buf yb = Buf.of(y);
        if (argmax == null || argmax.length != yb.length()) {
            argmax = new int[yb.length()];
        }
        inShape = x.shape().clone();
        outShape = expected;
        int planes = (int) (x.size(0) * x.size(1));
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * height * width;
            for (int i = 0; i < outH; i++) {
                int h0 = Math.max(i * stride - padding, 0);
                int h1 = Math.min(i * stride - padding + size, height);
                for (int j = 0; j < outW; j++, o++) {
                    int l0 = Math.max(j * stride - padding, 0);
                    int l1 = Math.min(j * stride - padding + size, width);
                    int best = base + h0 * width + l0;
                    double max = xb.get(best);
                    for (int h = h0; h < h1; h++) {
                        for (int l = l0, at = base + h * width + l0; l < l1; l++, at++) {
                            double v = xb.get(at);
                            if (v > max || v != v) {
                                max = v;
                                best = at;
                            }
                        }
                    }
                    yb.set(o, max);
                    argmax[o] = best;
                }
            }
        }
    }

    /** dx = dy routed to the argmax of each window of the last forward (overwritten, or added when {@code accumulate}). */
    public void backward(INDArray dy, INDArray dx, boolean accumulate) {
        if (argmax == null) {
            throw new IllegalStateException("MaxPool2d.backward: forward must run first");
        }
        if (!Arrays.equals(dy.shape(), outShape) || !Arrays.equals(dx.shape(), inShape)) {
            throw new IllegalArgumentException("MaxPool2d.backward: dy must be " + ShapeChecks.shape(outShape) + " and dx "
                    + ShapeChecks.shape(inShape) + " as in the last forward, but dy is " + ShapeChecks.shape(dy)
                    + " and dx " + ShapeChecks.shape(dx));
        }
        Buf dyb = Buf.of(dy);
        Buf dxb = Buf.of(dx);
        if (!accumulate) {
            for (int i = 0, n = dxb.length(); i < n; i++) {
                dxb.set(i, 0);
            }
        }
        for (int o = 0, n = dyb.length(); o < n; o++) {
            dxb.add(argmax[o], dyb.get(o));
        }
    }
}
