package dev.kiln.runtime.testing;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Dense copies of a tensor in the other layout, NCHW ↔ NHWC, for comparing a channels-last kernel with the NCHW one. */
public final class Layouts {
    private Layouts() {}

    /** An NCHW array as a dense NHWC copy. */
    public static INDArray toLast(INDArray nchw) {
        return nchw.permute(0, 2, 3, 1).dup('c');
    }

    /** An NHWC array as a dense NCHW copy. */
    public static INDArray toFirst(INDArray nhwc) {
        return nhwc.permute(0, 3, 1, 2).dup('c');
    }
}
