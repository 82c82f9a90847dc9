package dev.kiln.runtime.kernels.conv;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The inference of a convolution with the batch norm after it folded in, where
 * {@link ConvEngine#chooseFolded} names {@link ConvEngine.Folded#ONEDNN_FOLDED}: the oneDNN
 * engine, set up on first use and kept. The shapes are the caller's to check.
 */
public final class FoldedConvForward {
    private final ConvGeometry geometry;
    private final double epsilon;
    private ChannelsLastDnnlFolded dnnl;

    public FoldedConvForward(ConvGeometry geometry, double epsilon) {
        this.geometry = geometry;
        this.epsilon = epsilon;
    }

    /** y = act(bn(conv(x, w) + b) + shortcut) with the running statistics; {@code b} and {@code shortcut} may be null. */
    public void run(INDArray x, INDArray w, INDArray b, INDArray gamma, INDArray beta, INDArray mean, INDArray var,
                    INDArray shortcut, INDArray y, boolean relu) {
        if (dnnl == null) {
            dnnl = new ChannelsLastDnnlFolded(geometry.stride(), geometry.padding(), epsilon);
        }
        dnnl.compute(x, w, b, gamma, beta, mean, var, shortcut, y, relu);
    }
}
