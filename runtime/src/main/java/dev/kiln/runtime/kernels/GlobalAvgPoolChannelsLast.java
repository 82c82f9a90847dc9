package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global average pooling over channels-last maps: the mean of each channel over a sample's
 * positions, as plain loops ({@link GlobalAvgPool} is the NCHW twin).
 *
 * <pre>
 * forward   y[n,c]      = (1/HW) Σ_{h,l} x[n,h,l,c]
 * backward  dx[n,h,l,c] = dy[n,c] / HW
 * </pre>
 *
 * Shapes: x and dx [N,H,W,C]; y and dy [N,C].
 */
public final class GlobalAvgPoolChannelsLast {
    private GlobalAvgPoolChannelsLast() {}

    /** y = the mean over each sample's H·W positions, per channel. */
    public static void forward(INDArray x, INDArray y) {
        check("GlobalAvgPoolChannelsLast.forward", "x", x, "y", y);
        Buf xb = Buf.of(x);
        Buf yb = Buf.of(y);
        int area = (int) (x.size(1) * x.size(2));
        int c = (int) x.size(3);
        double scale = 1.0 / area;
        for (int s = 0, n = (int) x.size(0); s < n; s++) {
            int base = s * area * c;
            for (int ch = 0; ch < c; ch++) {
                double sum = 0;
                for (int i = base + ch, end = base + area * c; i < end; i += c) {
                    sum += xb.get(i);
                }
                yb.set(s * c + ch, sum * scale);
            }
        }
    }

    /** dx = dy / HW at every position (overwritten, or added when {@code accumulate}). */
    public static void backward(INDArray dy, INDArray dx, boolean accumulate) {
        check("GlobalAvgPoolChannelsLast.backward", "dx", dx, "dy", dy);
        Buf dyb = Buf.of(dy);
        Buf dxb = Buf.of(dx);
        int area = (int) (dx.size(1) * dx.size(2));
        int c = (int) dx.size(3);
        double scale = 1.0 / area;
        for (int s = 0, n = (int) dx.size(0); s < n; s++) {
            for (int p = 0; p < area; p++) {
                int at = (s * area + p) * c;
                for (int ch = 0; ch < c; ch++) {
                    dxb.put(at + ch, dyb.get(s * c + ch) * scale, accumulate);
                }
            }
        }
    }

    private static void check(String where, String xName, INDArray x, String yName, INDArray y) {
        if (x.rank() != 4 || x.size(1) * x.size(2) == 0) {
            throw new IllegalArgumentException(where + ": " + xName + " must be [N,H,W,C] with H and W at least 1, but is "
                    + ShapeChecks.shape(x));
        }
        if (y.rank() != 2 || y.size(0) != x.size(0) || y.size(1) != x.size(3)) {
            long[] expected = {x.size(0), x.size(3)};
            throw new IllegalArgumentException(where + ": " + yName + " must be " + ShapeChecks.shape(expected) + " for "
                    + xName + " " + ShapeChecks.shape(x) + ", but is " + ShapeChecks.shape(y));
        }
    }
}
