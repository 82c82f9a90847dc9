package dev.kiln.runtime.kernels.conv;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution's forward by the engine {@link ConvEngine#chooseForward} names for each call,
 * each engine set up on first use and kept. The shapes are the caller's to check: {@code Conv2d}
 * checks them, {@link ChannelsLastDxByForward} builds them.
 */
public final class ConvForward {
    private final ConvGeometry geometry;
    private final Nd4jConvForward nd4j;
    private ChannelsLastDnnlForward dnnl;

    public ConvForward(ConvGeometry geometry) {
        this.geometry = geometry;
        this.nd4j = new Nd4jConvForward(geometry);
    }

    /** y = conv(x, w) + b; {@code b} may be null (no bias). */
    public void run(INDArray x, INDArray w, INDArray b, INDArray y) {
        switch (ConvEngine.chooseForward(geometry, x, w, b, y)) {
            case ONEDNN -> {
                if (dnnl == null) {
                    dnnl = new ChannelsLastDnnlForward(geometry.stride(), geometry.padding());
                }
                dnnl.compute(x, w, y);
            }
            case ND4J_CONV2D -> nd4j.run(x, w, b, y);
        }
    }
}
