package dev.kiln.runtime.kernels.conv;

import dev.kiln.runtime.kernels.loops.FloatLoops;
import dev.kiln.runtime.kernels.onednn.Dnnl;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which engine runs a convolution's forward, and which its backward: the one place the choice is
 * made, from the geometry and the arrays of the call (a null {@code b}, {@code dx} or {@code db}
 * is not there or not wanted). Channels-last float32 convolutions without bias run off ND4J's
 * ops where they can; everything else, NCHW and float64 included, runs on ND4J's
 * {@code conv2d} and {@code conv2d_bp}.
 */
public final class ConvEngine {
    private static volatile boolean folding = !"false".equalsIgnoreCase(System.getProperty("kiln.fold"));

    private ConvEngine() {}

    /**
     * Whether inference folds batch norm into the convolution before it where it can (on unless
     * {@code -Dkiln.fold=false}): switched off, it runs the training graph's two calls, so that a
     * test or a benchmark can compare the two in one process.
     */
    public static void setFolding(boolean on) {
        folding = on;
    }

    /** The engines of a forward. */
    public enum Forward {
        /** ND4J's {@code conv2d} ({@link Nd4jConvForward}): either layout, any data type, bias and dilation. */
        ND4J_CONV2D,
        /** oneDNN's forward primitive called directly ({@link ChannelsLastDnnlForward}). */
        ONEDNN
    }

    /** The engines of a convolution and the batch norm after it, at inference. */
    public enum Folded {
        /** One oneDNN primitive: batch norm folded into the weights and bias, the add and ReLU as post-operations ({@link FoldedConvForward}). */
        ONEDNN_FOLDED,
        /** The convolution, then batch norm in its inference form, each on its own engine: the training graph's calls. */
        UNFOLDED
    }

    /** The engines of a backward. */
    public enum Backward {
        /** A 1×1 convolution without padding as two matrix products ({@link ChannelsLastPointwiseBackward}). */
        POINTWISE_MATMUL,
        /** One input channel and no dx wanted (a stem): dw alone by im2col and one product ({@link ChannelsLastStemWeightGradient}). */
        STEM_WEIGHT_GRADIENT,
        /** dw by oneDNN, dx by a forward convolution of the flipped weights at stride 1 ({@link ChannelsLastSplitBackward}). */
        SPLIT_DX_BY_FORWARD,
        /** dw and dx both by oneDNN's primitives, for a strided convolution ({@link ChannelsLastSplitBackward}). */
        SPLIT_DX_BY_ONEDNN,
        /** ND4J's {@code conv2d_bp} ({@link Nd4jConvBackward}): whatever the others do not take. */
        ND4J_CONV2D_BP
    }

    /** oneDNN directly for a channels-last float32 forward without bias or dilation, where oneDNN loads; else ND4J. */
    public static Forward chooseForward(ConvGeometry g, INDArray x, INDArray w, INDArray b, INDArray y) {
        return b == null && g.dilation() == 1 && g.channelsLast() && FloatLoops.applies(x, w, y) && Dnnl.available() ? Forward.ONEDNN : Forward.ND4J_CONV2D;
    }

    /**
     * oneDNN's folded primitive for a channels-last float32 convolution without dilation (bias or
     * not) and its batch norm, where oneDNN loads; else the two calls of the training graph.
     */
    public static Folded chooseFolded(ConvGeometry g, INDArray x, INDArray w, INDArray b, INDArray shortcut, INDArray y,
                                      INDArray gamma, INDArray beta, INDArray mean, INDArray var) {
        boolean takes = folding && g.dilation() == 1 && g.channelsLast() && FloatLoops.applies(x, w, y)
                && FloatLoops.appliesOrAbsent(b) && FloatLoops.appliesOrAbsent(shortcut)
                && FloatLoops.applies(gamma, beta, mean, var) && Dnnl.available();
        return takes ? Folded.ONEDNN_FOLDED : Folded.UNFOLDED;
    }

    /**
     * For a channels-last float32 backward without a bias gradient, in this order: a 1×1 kernel
     * without padding or dilation as matrix products; one input channel with no dx wanted as the
     * weight gradient alone; without dilation, where oneDNN loads, split into halves, dx by a
     * forward convolution when the stride is 1 and the padding at most k − 1, else by oneDNN.
     * Anything else by ND4J's {@code conv2d_bp}.
     */
    public static Backward chooseBackward(ConvGeometry g, INDArray x, INDArray w, INDArray dy, INDArray dx, INDArray dw,
                                          INDArray db) {
        if (!g.channelsLast() || db != null) {
            return Backward.ND4J_CONV2D_BP;
        }
        if (g.kernel() == 1 && g.padding() == 0 && g.dilation() == 1
                && FloatLoops.applies(x, w, dy, dw) && FloatLoops.appliesOrAbsent(dx)) {
            return Backward.POINTWISE_MATMUL;
        }
        if (dx == null && x.size(3) == 1 && FloatLoops.applies(x, dy, dw)) {
            return Backward.STEM_WEIGHT_GRADIENT;
        }
        if (g.dilation() == 1 && FloatLoops.applies(x, w, dy, dw) && FloatLoops.appliesOrAbsent(dx) && Dnnl.available()) {
            return g.stride() == 1 && g.padding() <= g.kernel() - 1 ? Backward.SPLIT_DX_BY_FORWARD : Backward.SPLIT_DX_BY_ONEDNN;
        }
        return Backward.ND4J_CONV2D_BP;
    }

}
