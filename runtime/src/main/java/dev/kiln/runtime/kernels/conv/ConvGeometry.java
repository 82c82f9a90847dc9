package dev.kiln.runtime.kernels.conv;

import dev.kiln.runtime.kernels.checks.ShapeChecks;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution's square kernel, stride, symmetric padding, dilation and layout, and the checks
 * of its arrays' shapes against them.
 */
public record ConvGeometry(int kernel, int stride, int padding, int dilation, boolean channelsLast) {
    /** Output height or width for input extent {@code in}, or 0 when the input is too small. */
    public long out(long in) {
        long span = in + 2L * padding - (long) dilation * (kernel - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }

    /** x is [N,C,H,W] (or [N,H,W,C]), w [F,C,k,k], b [F] or null, y the output's shape; one data type. */
    public void check(String where, INDArray x, INDArray w, INDArray b, String yName, INDArray y) {
        String layout = channelsLast ? "[N,H,W,C]" : "[N,C,H,W]";
        int c = channelsLast ? 3 : 1;
        int h = channelsLast ? 1 : 2;
        if (x.rank() != 4 || w.rank() != 4 || w.size(1) != x.size(c) || w.size(2) != kernel || w.size(3) != kernel) {
            throw new IllegalArgumentException(where + ": x must be " + layout + " and w [F,C," + kernel + "," + kernel
                    + "], but x is " + ShapeChecks.shape(x) + " and w " + ShapeChecks.shape(w));
        }
        long outH = out(x.size(h));
        long outW = out(x.size(h + 1));
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(where + ": x " + ShapeChecks.shape(x) + " is too small for kernel " + kernel
                    + ", dilation " + dilation + " and padding " + padding);
        }
        boolean fits = y.rank() == 4 && y.size(0) == x.size(0) && (channelsLast
                ? y.size(1) == outH && y.size(2) == outW && y.size(3) == w.size(0)
                : y.size(1) == w.size(0) && y.size(2) == outH && y.size(3) == outW);
        if (!fits) {
            long[] expected = channelsLast ? new long[] {x.size(0), outH, outW, w.size(0)} : new long[] {x.size(0), w.size(0), outH, outW};
            throw new IllegalArgumentException(where + ": " + yName + " must be " + ShapeChecks.shape(expected) + " for x "
                    + ShapeChecks.shape(x) + " and w " + ShapeChecks.shape(w) + ", but is " + ShapeChecks.shape(y));
        }
        if (b != null && (b.rank() != 1 || b.size(0) != w.size(0))) {
            throw new IllegalArgumentException(where + ": the bias must be [" + w.size(0) + "] for w " + ShapeChecks.shape(w)
                    + ", but is " + ShapeChecks.shape(b));
        }
        if (w.dataType() != x.dataType() || y.dataType() != x.dataType() || (b != null && b.dataType() != x.dataType())) {
            throw new IllegalArgumentException(where + ": all arrays must have x's data type " + x.dataType()
                    + ", but w is " + w.dataType() + ", " + yName + " " + y.dataType() + (b == null ? "" : ", bias " + b.dataType()));
        }
    }

    /** {@code a} (called {@code name}) must have the shape and data type of {@code ref}. */
    public static void same(String where, String name, INDArray a, String refName, INDArray ref) {
        if (!Arrays.equals(a.shape(), ref.shape()) || a.dataType() != ref.dataType()) {
            throw new IllegalArgumentException(where + ": " + name + " must be " + ref.dataType() + " " + ShapeChecks.shape(ref)
                    + " like " + refName + ", but is " + a.dataType() + " " + ShapeChecks.shape(a));
        }
    }

    /**
     * ND4J's integer arguments to {@code conv2d} and {@code conv2d_bp}: kH, kW, sH, sW, pH, pW, dH, dW,
     * same mode (0: explicit padding), data format (0: NCHW, 1: NHWC), weight format (1: [oC,iC,kH,kW]).
     */
    int[] nd4jArguments() {
        return new int[] {kernel, kernel, stride, stride, padding, padding, dilation, dilation, 0, channelsLast ? 1 : 0, 1};
    }
}
