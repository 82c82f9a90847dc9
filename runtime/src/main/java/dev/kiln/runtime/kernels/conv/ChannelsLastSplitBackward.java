package dev.kiln.runtime.kernels.conv;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A channels-last float convolution's backward as its two halves, neither through ND4J's
 * {@code conv2d_bp}: dw by oneDNN directly ({@link ChannelsLastDnnlBackward}), dx by a forward
 * convolution with the flipped weights at stride 1 ({@link ChannelsLastDxByForward}) or by oneDNN
 * when strided ({@link ConvEngine.Backward#SPLIT_DX_BY_FORWARD} and {@code SPLIT_DX_BY_ONEDNN}).
 * An accumulated dx goes through a scratch array owned here and one add.
 */
final class ChannelsLastSplitBackward {
    private final int kernel;
    private final int padding;
    private final ChannelsLastDnnlBackward dnnl;
    private ChannelsLastDxByForward dataGradient;
    private INDArray scratch;

    ChannelsLastSplitBackward(int kernel, int stride, int padding) {
        this.kernel = kernel;
        this.padding = padding;
        this.dnnl = new ChannelsLastDnnlBackward(stride, padding);
    }

    /**
     * dw overwritten; dx overwritten, added to with {@code accumulate}, or null when not wanted;
     * dx by a forward convolution when {@code dxByForward}, else by oneDNN.
     */
    void compute(INDArray x, INDArray w, INDArray dy, INDArray dx, boolean accumulate, INDArray dw, boolean dxByForward) {
        dnnl.weightGradient(x, dy, dw);
        if (dx == null) {
            return;
        }
        INDArray gradIn = dx;
        if (accumulate) {
            if (scratch == null || !Arrays.equals(scratch.shape(), x.shape())) {
                scratch = Nd4j.create(x.dataType(), x.shape());
            }
            gradIn = scratch;
        }
        if (dxByForward) {
            if (dataGradient == null) {
                dataGradient = new ChannelsLastDxByForward(kernel, padding);
            }
            dataGradient.compute(w, dy, gradIn);
        } else {
            dnnl.dataGradient(x, w, dy, gradIn);
        }
        if (accumulate) {
            dx.addi(gradIn);
        }
    }
}
