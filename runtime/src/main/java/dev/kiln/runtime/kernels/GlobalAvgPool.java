package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global average pooling: the mean of each channel's plane, as plain loops.
 *
 * <pre>
 * forward   y[n,c]      = (1/HW) Σ_{h,l} x[n,c,h,l]
 * backward  dx[n,c,h,l] = dy[n,c] / HW
 * </pre>
 *
 * Shapes: x and dx [N,C,H,W]; y and dy [N,C].
 */
public final class GlobalAvgPool {
    private GlobalAvgPool() {}

    /** y = the mean of each [H,W] plane of x. */
    public static void forward(INDArray x, INDArray y) {
        check("GlobalAvgPool.forward", "x", x, "y", y);
        Buf xb = Buf.of(x);
        Buf yb = Buf.of(y);
        int area = (int) (x.size(2) * x.size(3));
        double scale = 1.0 / area;
        for (int plane = 0, planes = yb.length(); plane < planes; plane++) {
            double sum = 0;
            for (int i = plane * area, end = i + area; i < end; i++) {
                sum += xb.get(i);
            }
            yb.set(plane, sum * scale);
        }
    }

    /** dx = dy / HW over each plane (overwritten, or added when {@code accumulate}). */
    public static void backward(INDArray dy, INDArray dx, boolean accumulate) {
        check("GlobalAvgPool.backward", "dx", dx, "dy", dy);
        Buf dyb = Buf.of(dy);
        Buf dxb = Buf.of(dx);
        int area = (int) (dx.size(2) * dx.size(3));
        double scale = 1.0 / area;
        for (int plane = 0, planes = dyb.length(); plane < planes; plane++) {
            double g = dyb.get(plane) * scale;
            for (int i = plane * area, end = i + area; i < end; i++) {
                dxb.put(i, g, accumulate);
            }
        }
    }

    static void check(String where, String xName, INDArray x, String yName, INDArray y) {
        if (x.rank() != 4 || x.size(2) * x.size(3) == 0) {
            throw new IllegalArgumentException(where + ": " + xName + " must be [N,C,H,W] with H and W at least 1, but is "
                    + ShapeChecks.shape(x));
        }
        long[] expected = {x.size(0), x.size(1)};
        if (!Arrays.equals(y.shape(), expected)) {
            throw new IllegalArgumentException(where + ": " + yName + " must be " + ShapeChecks.shape(expected) + " for " + xName
                    + " " + ShapeChecks.shape(x) + ", but is " + ShapeChecks.shape(y));
        }
    }
}
