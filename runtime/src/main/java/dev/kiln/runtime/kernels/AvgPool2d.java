package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Average pooling over square windows of side {@code k} with stride {@code s} and symmetric zero
 * padding {@code p}, dividing by k² whatever part of the window is padding (PyTorch's
 * {@code AvgPool2d} with {@code count_include_pad=True}, floor mode), as plain loops.
 *
 * <pre>
 * forward   y[n,c,i,j]  = (1/k²) Σ_{u,v &lt; k} x[n,c, s·i−p+u, s·j−p+v]     (x is 0 outside)
 * backward  dx[n,c,h,l] = (1/k²) Σ_{i,j : (h,l) in window (i,j)} dy[n,c,i,j]
 * </pre>
 *
 * Shapes: x and dx [N,C,H,W]; y and dy [N,C,H',W'] with H' = ⌊(H + 2p − k) / s⌋ + 1, likewise W'.
 * Backward needs no state: it reads the input shape from dx. As in PyTorch, {@code p ≤ k/2}.
 */
public final class AvgPool2d {
    private final int size;
    private final int stride;
    private final int padding;

    public AvgPool2d(int size, int stride, int padding) {
        ShapeChecks.requirePoolWindow("AvgPool2d", size, stride, padding);
        this.size = size;
        this.stride = stride;
        this.padding = padding;
    }

    /** y = the mean of each k×k window of zero-padded x. */
    public void forward(INDArray x, INDArray y) {
        check("AvgPool2d.forward", "x", x, "y", y);
        Buf xb = Buf.of(x);
        Buf yb = Buf.of(y);
        int height = (int) x.size(2);
        int width = (int) x.size(3);
        int outH = (int) y.size(2);
        int outW = (int) y.size(3);
        double scale = 1.0 / (size * size);
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
                    double sum = 0;
                    for (int h = h0; h < h1; h++) {
                        for (int l = l0, at = base + h * width + l0; l < l1; l++, at++) {
                            sum += xb.get(at);
                        }
                    }
                    yb.set(o, sum * scale);
                }
            }
        }
    }

    /** dx = each dy spread evenly, 1/k² each, over its window (overwritten, or added when {@code accumulate}). */
    public void backward(INDArray dy, INDArray dx, boolean accumulate) {
        check("AvgPool2d.backward", "dx", dx, "dy", dy);
        Buf dyb = Buf.of(dy);
        Buf dxb = Buf.of(dx);
        if (!accumulate) {
            for (int i = 0, n = dxb.length(); i < n; i++) {
                dxb.set(i, 0);
            }
        }
        int height = (int) dx.size(2);
        int width = (int) dx.size(3);
        int outH = (int) dy.size(2);
        int outW = (int) dy.size(3);
        double scale = 1.0 / (size * size);
        int planes = (int) (dx.size(0) * dx.size(1));
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * height * width;
            for (int i = 0; i < outH; i++) {
                int h0 = Math.max(i * stride - padding, 0);
                int h1 = Math.min(i * stride - padding + size, height);
                for (int j = 0; j < outW; j++, o++) {
                    int l0 = Math.max(j * stride - padding, 0);
                    int l1 = Math.min(j * stride - padding + size, width);
                    double g = dyb.get(o) * scale;
                    for (int h = h0; h < h1; h++) {
                        for (int l = l0, at = base + h * width + l0; l < l1; l++, at++) {
                            dxb.add(at, g);
                        }
                    }
                }
            }
        }
    }

    private void check(String where, String xName, INDArray x, String yName, INDArray y) {
        if (x.rank() != 4 || x.size(2) + 2L * padding < size || x.size(3) + 2L * padding < size) {
            throw new IllegalArgumentException(where + ": " + xName + " must be [N,C,H,W] with H and W at least "
                    + (size - 2 * padding) + ", but is " + ShapeChecks.shape(x));
        }
        long[] expected = {x.size(0), x.size(1), (x.size(2) + 2L * padding - size) / stride + 1,
                (x.size(3) + 2L * padding - size) / stride + 1};
        if (!Arrays.equals(y.shape(), expected)) {
            throw new IllegalArgumentException(where + ": " + yName + " must be " + ShapeChecks.shape(expected) + " for "
                    + xName + " " + ShapeChecks.shape(x) + ", but is " + ShapeChecks.shape(y));
        }
    }
}
