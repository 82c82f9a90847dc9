package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Concatenation along axis 1 (channels of {@code [N,C,H,W]}, features of {@code [N,F]}); all
 * other dimensions agree.
 *
 * <pre>
 * forward:  y[n, o_k + c, …] = x_k[n, c, …]        o_k = C_0 + … + C_(k−1)
 * backward: dx_k[n, c, …]   = dy[n, o_k + c, …]    (a slice of dy's channels)
 * </pre>
 *
 * Each {@code [n, channel block]} is one contiguous run in row-major order, so both directions
 * are block copies of {@code C_k · H · W} elements.
 */
public final class Concat {
    private Concat() {}

    /** {@code y = [xs[0], xs[1], …]} along axis 1; {@code y.size(1)} is the sum of the inputs'. */
    public static void forward(INDArray[] xs, INDArray y) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("Concat.forward: needs at least one input, but got none");
        }
        int channels = 0;
        for (int k = 0; k < xs.length; k++) {
            if (!agreeOutsideAxis1(xs[k], y)) {
                throw new IllegalArgumentException("Concat.forward: xs[" + k + "] must be " + pattern(y)
                        + " like y " + ShapeChecks.shape(y) + ", but is " + ShapeChecks.shape(xs[k]));
            }
            channels += (int) xs[k].size(1);
        }
        if (channels != y.size(1)) {
            throw new IllegalArgumentException("Concat.forward: y must have " + channels
                    + " channels (the sum of the inputs'), but is " + ShapeChecks.shape(y));
        }
        int n = (int) y.size(0);
        int inner = inner(y);
        int yBlock = (int) y.size(1) * inner;
        Buf out = Buf.of(y);
        int offset = 0;
        for (INDArray x : xs) {
            Buf in = Buf.of(x);
            int block = (int) x.size(1) * inner;
            for (int b = 0; b < n; b++) {
                int src = b * block;
                int dst = b * yBlock + offset;
                for (int i = 0; i < block; i++) {
                    out.set(dst + i, in.get(src + i));
                }
            }
            offset += block;
        }
    }

    /** {@code dx (+)= dy[:, channelOffset : channelOffset + dx.size(1), …]}. */
    public static void backward(INDArray dy, int channelOffset, INDArray dx, boolean accumulate) {
        if (!agreeOutsideAxis1(dx, dy)) {
            throw new IllegalArgumentException("Concat.backward: dx must be " + pattern(dy) + " like dy "
                    + ShapeChecks.shape(dy) + ", but is " + ShapeChecks.shape(dx));
        }
        if (channelOffset < 0 || channelOffset + dx.size(1) > dy.size(1)) {
            throw new IllegalArgumentException("Concat.backward: channels [" + channelOffset + ", "
                    + (channelOffset + dx.size(1)) + ") must lie within dy's " + dy.size(1) + " channels, but do not");
        }
        int n = (int) dy.size(0);
        int inner = inner(dy);
        int yBlock = (int) dy.size(1) * inner;
        int block = (int) dx.size(1) * inner;
        int offset = channelOffset * inner;
        Buf g = Buf.of(dy);
        Buf d = Buf.of(dx);
        for (int b = 0; b < n; b++) {
            int src = b * yBlock + offset;
            int dst = b * block;
            for (int i = 0; i < block; i++) {
                d.put(dst + i, g.get(src + i), accumulate);
            }
        }
    }

    /** Same rank (at least 2) and the same size in every dimension but 1. */
    private static boolean agreeOutsideAxis1(INDArray a, INDArray ref) {
        int rank = ref.rank();
        if (rank < 2 || a.rank() != rank) {
            return false;
        }
        for (int d = 0; d < rank; d++) {
            if (d != 1 && a.size(d) != ref.size(d)) {
                return false;
            }
        }
        return true;
    }

    /** The product of the dimensions after axis 1 (H·W, or 1 for {@code [N,F]}). */
    private static int inner(INDArray a) {
        long p = 1;
        for (int d = 2; d < a.rank(); d++) {
            p *= a.size(d);
        }
        return Math.toIntExact(p);
    }

    /** {@code [2,*,5,5]}: the shape every input and gradient must have, with axis 1 free. */
    private static String pattern(INDArray ref) {
        StringBuilder s = new StringBuilder("[");
        for (int d = 0; d < ref.rank(); d++) {
            s.append(d == 0 ? "" : ",").append(d == 1 ? "*" : String.valueOf(ref.size(d)));
        }
        return s.append(']').toString();
    }
}
