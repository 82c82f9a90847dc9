package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The copy at the edge of a channels-last network: the user's NCHW tensor into a planned
 * {@code [N,H,W,C]} buffer, as plain loops that create no ND4J array (so a training step still
 * allocates nothing); any other layout of the input goes through ND4J's assign of a permuted view.
 *
 * <pre>
 * nhwc[n,h,w,c] = nchw[n,c,h,w]
 * </pre>
 */
public final class ChannelsLast {
    private ChannelsLast() {}

    /** Copies {@code nchw} [N,C,H,W] into {@code nhwc} [N,H,W,C]. */
    public static void fromNchw(INDArray nchw, INDArray nhwc) {
        if (nchw.rank() != 4 || nhwc.rank() != 4 || nhwc.size(0) != nchw.size(0) || nhwc.size(1) != nchw.size(2)
                || nhwc.size(2) != nchw.size(3) || nhwc.size(3) != nchw.size(1)) {
            throw new IllegalArgumentException("ChannelsLast.fromNchw: nhwc must be nchw's [N,C,H,W] as [N,H,W,C], but got nchw "
                    + ShapeChecks.shape(nchw) + " and nhwc " + ShapeChecks.shape(nhwc));
        }
        if (!dense(nchw) || nchw.dataType() != nhwc.dataType()) {
            nhwc.assign(nchw.permute(0, 2, 3, 1));
            return;
        }
        Buf from = Buf.of(nchw);
        Buf to = Buf.of(nhwc);
        int c = (int) nchw.size(1);
        int area = (int) (nchw.size(2) * nchw.size(3));
        for (int s = 0, n = (int) nchw.size(0); s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                int src = (s * c + ch) * area;
                int dst = s * area * c + ch;
                for (int p = 0; p < area; p++) {
                    to.set(dst + p * c, from.get(src + p));
                }
            }
        }
    }

    private static boolean dense(INDArray a) {
        return a.ordering() == 'c' && a.isR() && (a.length() <= 1 || a.elementWiseStride() == 1);
    }
}
