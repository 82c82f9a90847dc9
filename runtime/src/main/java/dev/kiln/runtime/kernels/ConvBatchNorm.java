package dev.kiln.runtime.kernels;

import dev.kiln.runtime.kernels.batchnorm.BatchNormChecks;
import dev.kiln.runtime.kernels.conv.ConvClock;
import dev.kiln.runtime.kernels.conv.ConvEngine;
import dev.kiln.runtime.kernels.conv.ConvGeometry;
import dev.kiln.runtime.kernels.conv.FoldedConvForward;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The inference of a convolution and the batch norm after it, with the batch norm folded into the
 * convolution: with {@code s = γ / √(σ² + ε)} per output channel,
 *
 * <pre>
 * y = act(γ·(conv(x, w) + b − μ)/√(σ² + ε) + β + shortcut) = act(conv(x, w·s) + (b − μ)·s + β + shortcut)
 * </pre>
 *
 * one oneDNN primitive whose weights are scaled as they are reordered for it, whose bias is the
 * shift, and whose epilogue adds the shortcut and applies the ReLU. The scaling is redone from
 * the parameters and running statistics on every call, so that inference always reflects them
 * (after a training step, a checkpoint load, or an assignment to a parameter array), at no cost
 * beyond the weights' reorder that every oneDNN convolution call makes.
 *
 * <p>Where oneDNN does not take the call ({@link ConvEngine#chooseFolded}: NCHW, float64,
 * dilation, oneDNN not loaded) it runs as the training graph does: {@code conv} into {@code lin},
 * then {@code norm}'s inference forward, to the same numbers. Training always uses those two calls.
 */
public final class ConvBatchNorm {
    private final Conv2d conv;
    private final BatchNorm norm;
    private final FoldedConvForward folded;

    /** The fold of convolution {@code conv} and batch norm {@code norm}, the network's own kernels of the two layers. */
    public ConvBatchNorm(Conv2d conv, BatchNorm norm) {
        this.conv = conv;
        this.norm = norm;
        this.folded = new FoldedConvForward(conv.geometry(), norm.epsilon());
    }

    /** y = act(bn(conv(x, w) + b)) with the running statistics, ReLU when {@code relu}; {@code lin} is the unfolded path's scratch. */
    public void forward(INDArray x, INDArray w, INDArray b, INDArray gamma, INDArray beta, INDArray runningMean,
                        INDArray runningVar, INDArray lin, INDArray y, boolean relu) {
        forward(x, w, b, gamma, beta, runningMean, runningVar, lin, null, y, relu);
    }

    /** The same with {@code shortcut} (y's shape, or null) added before the ReLU. */
    public void forward(INDArray x, INDArray w, INDArray b, INDArray gamma, INDArray beta, INDArray runningMean,
                        INDArray runningVar, INDArray lin, INDArray shortcut, INDArray y, boolean relu) {
        switch (engineFor(x, w, b, gamma, beta, runningMean, runningVar, lin, shortcut, y)) {
            case ONEDNN_FOLDED -> {
                long clock = ConvClock.start();
                folded.run(x, w, b, gamma, beta, runningMean, runningVar, shortcut, y, relu);
                ConvClock.stop(clock);
            }
            case UNFOLDED -> {
                conv.forward(x, w, b, lin);
                norm.forwardInference(lin, gamma, beta, runningMean, runningVar, shortcut, y, relu);
            }
        }
    }

    /** The engine {@link #forward} runs these arrays on, their shapes checked as forward checks them. */
    public ConvEngine.Folded engineFor(INDArray x, INDArray w, INDArray b, INDArray gamma, INDArray beta, INDArray runningMean,
                                       INDArray runningVar, INDArray lin, INDArray shortcut, INDArray y) {
        ConvGeometry g = conv.geometry();
        g.check("ConvBatchNorm.forward", x, w, b, "y", y);
        ConvGeometry.same("ConvBatchNorm.forward", "lin", lin, "y", y);
        BatchNormChecks.require("ConvBatchNorm.forward", norm.channelsLast(), y, gamma, beta, runningMean, runningVar, shortcut, y);
        if (norm.channelsLast() != g.channelsLast()) {
            return ConvEngine.Folded.UNFOLDED;
        }
        return ConvEngine.chooseFolded(g, x, w, b, shortcut, y, gamma, beta, runningMean, runningVar);
    }
}
