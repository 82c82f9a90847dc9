package dev.kiln.runtime.kernels.conv;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution's backward by the engine {@link ConvEngine#chooseBackward} names for each call,
 * each engine set up on first use and kept; the shapes are the caller's ({@code Conv2d}'s) to check.
 */
public final class ConvBackward {
    private final ConvGeometry geometry;
    private final Nd4jConvBackward nd4j;
    private ChannelsLastPointwiseBackward pointwise;
    private ChannelsLastStemWeightGradient stem;
    private ChannelsLastSplitBackward split;

    public ConvBackward(ConvGeometry geometry) {
        this.geometry = geometry;
        this.nd4j = new Nd4jConvBackward(geometry);
    }

    /**
     * dw and db (null: no bias) overwritten; dx overwritten, added to with {@code accumulate}, or
     * null when not wanted; from dy.
     */
    public void run(INDArray x, INDArray w, INDArray dy, INDArray dx, boolean accumulate, INDArray dw, INDArray db) {
        switch (ConvEngine.chooseBackward(geometry, x, w, dy, dx, dw, db)) {
            case POINTWISE_MATMUL -> pointwise().compute(x, w, dy, dx, accumulate, dw);
            case STEM_WEIGHT_GRADIENT -> stem().compute(x, dy, dw);
            case SPLIT_DX_BY_FORWARD -> split().compute(x, w, dy, dx, accumulate, dw, true);
            case SPLIT_DX_BY_ONEDNN -> split().compute(x, w, dy, dx, accumulate, dw, false);
            case ND4J_CONV2D_BP -> nd4j.run(x, w, dy, dx, accumulate, dw, db);
        }
    }

    private ChannelsLastPointwiseBackward pointwise() {
        if (pointwise == null) {
            pointwise = new ChannelsLastPointwiseBackward(geometry.stride());
        }
        return pointwise;
    }

    private ChannelsLastStemWeightGradient stem() {
        if (stem == null) {
            stem = new ChannelsLastStemWeightGradient(geometry.kernel(), geometry.stride(), geometry.padding(), geometry.dilation());
        }
        return stem;
    }

    private ChannelsLastSplitBackward split() {
        if (split == null) {
            split = new ChannelsLastSplitBackward(geometry.kernel(), geometry.stride(), geometry.padding());
        }
        return split;
    }
}
