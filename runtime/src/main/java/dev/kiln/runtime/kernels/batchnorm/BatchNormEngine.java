package dev.kiln.runtime.kernels.batchnorm;

import dev.kiln.runtime.kernels.loops.FloatLoops;
import dev.kiln.runtime.kernels.onednn.Dnnl;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which of batch norm's engines runs a call, and the one place that decides: {@link #choose} for
 * the loops, from the layout and the call's arrays, and {@link #chooseTrainingForward} and
 * {@link #chooseBackward}, which hand channels-last training calls to oneDNN where it takes them.
 * Every engine computes the same statistics and gradients; the float ones sum in float and agree
 * with the generic one to float rounding.
 */
public enum BatchNormEngine {
    /**
     * {@link DnnlBatchNorm}: oneDNN's primitive, for float32 {@code [N,H,W,C]} in training, where
     * oneDNN loads: a forward without a shortcut into an array of its own, a backward that
     * overwrites a dx of its own, through a ReLU only when that forward ran here.
     */
    ONEDNN,
    /** {@link RowsFloatBatchNorm}: float32 rows of C, channel c a column (channels last, [N,C], or H·W = 1). */
    ROWS_FLOAT,
    /** {@link NchwFloatBatchNorm}: float32 NCHW, a channel at a time, with runs of at least 16 floats per channel and sample. */
    NCHW_FLOAT,
    /** {@link GenericBatchNorm}: element by element in double through {@code Buf}, anything else (float64 included). */
    GENERIC;

    private static volatile boolean onednn = !"false".equalsIgnoreCase(System.getProperty("kiln.dnnlBatchNorm"));

    /**
     * Whether training calls may go to oneDNN's primitive (on unless {@code -Dkiln.dnnlBatchNorm=false}):
     * switched off, they run on the Java loops, so that a test or a benchmark can compare the two
     * in one process.
     */
    public static void setOnednn(boolean on) {
        onednn = on;
    }

    /** Whether training calls may go to oneDNN's primitive (it may still not load: {@code Dnnl.available()}). */
    public static boolean onednn() {
        return onednn;
    }

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

    /** The engine of a training forward over x, with {@code shortcut} (or null), into y. */
    public static BatchNormEngine chooseTrainingForward(boolean channelsLast, INDArray x, INDArray shortcut, INDArray y) {
        BatchNormEngine loops = choose(channelsLast, x, y, shortcut);
        boolean takes = loops == ROWS_FLOAT && shortcut == null && onednnTakes(channelsLast, x)
                && x.data().address() != y.data().address();
        return takes ? ONEDNN : loops;
    }

    /**
     * The engine of a backward over x, with the ReLU output {@code reluOut} (or null), dy and dx;
     * {@code maskKept} when reluOut is the output of the last forward, which ran on oneDNN.
     */
    public static BatchNormEngine chooseBackward(boolean channelsLast, INDArray x, INDArray reluOut, INDArray dy, INDArray dx,
                                                 boolean accumulate, boolean maskKept) {
        BatchNormEngine loops = choose(channelsLast, x, dy, reluOut, dx);
        boolean takes = loops == ROWS_FLOAT && !accumulate && onednnTakes(channelsLast, x) && dx.data().address() != dy.data().address()
                && (reluOut == null || maskKept);
        return takes ? ONEDNN : loops;
    }

    private static boolean onednnTakes(boolean channelsLast, INDArray x) {
        return onednn && channelsLast && x.rank() == 4 && Dnnl.available();
    }
}
