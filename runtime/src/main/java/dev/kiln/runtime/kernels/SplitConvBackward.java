package dev.kiln.runtime.kernels;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A channels-last float convolution's backward as its two halves, neither through ND4J's
 * {@code conv2d_bp}: dw by oneDNN directly ({@link DnnlConvBackward}), dx by a forward
 * convolution with the flipped weights at stride 1 ({@link ConvDataGradient}) or by oneDNN when
 * strided. An accumulated dx goes through a scratch array owned here and one add.
 */
final class SplitConvBackward {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final DnnlConvBackward dnnl;
    private ConvDataGradient dataGradient;
    private INDArray scratch;

    SplitConvBackward(int kernel, int stride, int padding) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dnnl = new DnnlConvBackward(stride, padding);
    }

    /**
     * Whether a channels-last convolution with these arrays (dx may be null: not wanted) splits:
     * no dilation, no bias gradient, dense float32 arrays, and oneDNN loaded.
     */
    static boolean applies(int dilation, INDArray x, INDArray w, INDArray dy, INDArray dx, INDArray dw, INDArray db) {
        return dilation == 1 && db == null && DnnlConvBackward.applies(x, w, dy, dx, dw);
    }

    /** dw overwritten; dx overwritten, added to with {@code accumulate}, or null when not wanted. */
    void compute(INDArray x, INDArray w, INDArray dy, INDArray dx, boolean accumulate, INDArray dw) {
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
        if (ConvDataGradient.applies(kernel, stride, padding, 1)) {
            if (dataGradient == null) {
                dataGradient = new ConvDataGradient(kernel, padding);
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
