package dev.kiln.runtime.kernels.batchnorm;

import dev.kiln.runtime.kernels.loops.FloatLoops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which of batch norm's three engines runs a call, and {@link #choose}, the one place that
 * decides, from the layout and the call's arrays. Every engine computes the same statistics and
 * gradients; the float ones sum in float lanes and agree with the generic one to float rounding.
 */
public enum BatchNormEngine {
    /** {@link RowsFloatBatchNorm}: float32 rows of C, channel c a column (channels last, [N,C], or H·W = 1). */
    ROWS_FLOAT,
    /** {@link NchwFloatBatchNorm}: float32 NCHW, a channel at a time, with runs of at least 16 floats per channel and sample. */
    NCHW_FLOAT,
    /** {@link GenericBatchNorm}: element by element in double through {@code Buf}, anything else (float64 included). */
    GENERIC;

    /**
     * The engine for x, channels last or not, given the call's other arrays (null ones are not
     * there): the float engines need every array dense float32; rows when each channel is a
     * column, NCHW when a sample's channel is a run long enough to repay moving it, else generic.
     */
    public static BatchNormEngine choose(boolean channelsLast, INDArray x, INDArray a, INDArray b) {
        return choose(channelsLast, x, a, b, null);
    }

    /** {@link #choose(boolean, INDArray, INDArray, INDArray)} for a call with three other arrays. */
    public static BatchNormEngine choose(boolean channelsLast, INDArray x, INDArray a, INDArray b, INDArray c) {
        if (!FloatLoops.applies(x) || !FloatLoops.appliesOrAbsent(a) || !FloatLoops.appliesOrAbsent(b)
                || !FloatLoops.appliesOrAbsent(c)) {
            return GENERIC;
        }
        if (channelsLast || x.rank() == 2 || x.size(2) * x.size(3) == 1) {
            return ROWS_FLOAT;
        }
        return x.rank() == 4 && x.size(2) * x.size(3) >= 16 ? NCHW_FLOAT : GENERIC;
    }
}
