package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameter-free residual shortcut of ResNet "option A": subsample by {@code stride} and
 * append zero channels. {@code x} is {@code [N,C,H,W]}, {@code y} is {@code [N,C',H',W']} with
 * {@code C' ≥ C}, {@code H' = ⌈H/stride⌉}, {@code W' = ⌈W/stride⌉}.
 *
 * <pre>
 * forward:  y[n, c, i, j] = x[n, c, i·s, j·s]    for c &lt; C;   y[n, c, i, j] = 0 for c ≥ C
 * backward: dx[n, c, i·s, j·s] = dy[n, c, i, j]; every other dx element is 0 (the padded
 *           channels of dy receive no input and are dropped)
 * </pre>
 */
public final class ZeroPadShortcut {
    private ZeroPadShortcut() {}

    /** {@code y[:, :C] = x[:, :, ::stride, ::stride]}, {@code y[:, C:] = 0}. */
    public static void forward(INDArray x, int stride, INDArray y) {
        requireShapes("ZeroPadShortcut.forward", "y", x, stride, y);
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int cy = (int) y.size(1);
        int ho = (int) y.size(2);
        int wo = (int) y.size(3);
        Buf in = Buf.of(x);
        Buf out = Buf.of(y);
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < cy; ch++) {
                int dst = (b * cy + ch) * ho * wo;
                if (ch >= c) {
                    for (int k = 0; k < ho * wo; k++) {
                        out.set(dst + k, 0);
                    }
                    continue;
                }
                int src = (b * c + ch) * h * w;
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        out.set(dst + i * wo + j, in.get(src + i * stride * w + j * stride));
                    }
                }
            }
        }
    }

    /** {@code dx (+)= the scatter of dy[:, :C] to the positions x was sampled at}, zero elsewhere. */
    public static void backward(INDArray dy, int stride, INDArray dx, boolean accumulate) {
        requireShapes("ZeroPadShortcut.backward", "dy", dx, stride, dy);
        int n = (int) dx.size(0);
        int c = (int) dx.size(1);
        int h = (int) dx.size(2);
        int w = (int) dx.size(3);
        int cy = (int) dy.size(1);
        int ho = (int) dy.size(2);
        int wo = (int) dy.size(3);
        Buf g = Buf.of(dy);
        Buf d = Buf.of(dx);
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int src = (b * cy + ch) * ho * wo;
                int dst = (b * c + ch) * h * w;
                for (int r = 0; r < h; r++) {
                    boolean sampledRow = r % stride == 0;
                    for (int q = 0; q < w; q++) {
                        int k = dst + r * w + q;
                        if (sampledRow && q % stride == 0) {
                            d.put(k, g.get(src + (r / stride) * wo + q / stride), accumulate);
                        } else if (!accumulate) {
                            d.set(k, 0);
                        }
                    }
                }
            }
        }
    }

    /** {@code out} (y or dy) must be {@code [N, ≥C, ⌈H/s⌉, ⌈W/s⌉]} for {@code x} (x or dx) [N,C,H,W]. */
    private static void requireShapes(String where, String outName, INDArray x, int stride, INDArray out) {
        if (stride < 1) {
            throw new IllegalArgumentException(where + ": stride must be ≥ 1, but is " + stride);
        }
        if (x.rank() != 4) {
            throw new IllegalArgumentException(where + ": " + (outName.equals("y") ? "x" : "dx")
                    + " must be [N,C,H,W], but is " + ShapeChecks.shape(x));
        }
        long ho = (x.size(2) + stride - 1) / stride;
        long wo = (x.size(3) + stride - 1) / stride;
        if (out.rank() != 4 || out.size(0) != x.size(0) || out.size(1) < x.size(1)
                || out.size(2) != ho || out.size(3) != wo) {
            throw new IllegalArgumentException(where + ": " + outName + " must be [" + x.size(0) + ",≥" + x.size(1)
                    + "," + ho + "," + wo + "] for " + (outName.equals("y") ? "x " : "dx ") + ShapeChecks.shape(x)
                    + " and stride " + stride + ", but is " + ShapeChecks.shape(out));
        }
    }
}
