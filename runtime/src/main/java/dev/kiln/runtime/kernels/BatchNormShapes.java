package dev.kiln.runtime.kernels;

import dev.kiln.runtime.kernels.checks.ShapeChecks;
import dev.kiln.runtime.kernels.loops.FloatLoops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link BatchNorm}'s argument checks (each names the method, the argument, and the shape
 * expected and got), and which of its implementations a call takes.
 */
final class BatchNormShapes {
    private BatchNormShapes() {}

    /** The channel axis: 1 for {@code [N,C,H,W]} and {@code [N,C]}, 3 for channels-last {@code [N,H,W,C]}. */
    static int channelAxis(INDArray x, boolean channelsLast) {
        return channelsLast ? x.rank() - 1 : 1;
    }

    /** Which of batch norm's three implementations runs a call. */
    enum Path {
        /** {@code BatchNormRows}: float32, rows of C (channels last, [N,C], or H·W = 1). */
        ROWS,
        /** {@code BatchNormFloat}: float32 NCHW with runs of at least 16 floats per channel and sample. */
        CHANNELS,
        /** {@code BatchNormBuf}: anything else, float64 included. */
        GENERIC
    }

    /**
     * The path for x walked as runs of {@code hw} per channel and sample (1: rows of C), given the
     * call's other arrays ({@code optional} may be null): the float paths need dense float32 arrays.
     */
    static Path path(int hw, INDArray x, INDArray other, INDArray optional) {
        if (!FloatLoops.applies(x, other) || (optional != null && !FloatLoops.applies(optional))) {
            return Path.GENERIC;
        }
        return hw == 1 ? Path.ROWS : BatchNormFloat.suits(x) ? Path.CHANNELS : Path.GENERIC;
    }

    /** x is [N,C] or [N,C,H,W] ([N,H,W,C] channels last); y and the shortcut (when not null) have x's shape; the four per-channel arrays have C elements. */
    static void require(String method, boolean channelsLast, INDArray x, INDArray gamma, INDArray beta, INDArray mean,
                        INDArray var, INDArray shortcut, INDArray y) {
        String where = "BatchNorm." + method;
        requireRank(where, x, channelsLast);
        int axis = channelAxis(x, channelsLast);
        ShapeChecks.requireSameShape(where, "y", y, "x", x);
        if (shortcut != null) {
            ShapeChecks.requireSameShape(where, "shortcut", shortcut, "x", x);
        }
        requirePerChannel(where, "gamma", gamma, x, axis);
        requirePerChannel(where, "beta", beta, x, axis);
        requirePerChannel(where, "runningMean", mean, x, axis);
        requirePerChannel(where, "runningVar", var, x, axis);
    }

    static void requireBackward(boolean channelsLast, INDArray x, INDArray gamma, INDArray reluOut, INDArray dy, INDArray dx,
                                INDArray dgamma, INDArray dbeta) {
        String where = "BatchNorm.backward";
        requireRank(where, x, channelsLast);
        int axis = channelAxis(x, channelsLast);
        ShapeChecks.requireSameShape(where, "dy", dy, "x", x);
        ShapeChecks.requireSameShape(where, "dx", dx, "x", x);
        if (reluOut != null) {
            ShapeChecks.requireSameShape(where, "reluOut", reluOut, "x", x);
        }
        requirePerChannel(where, "gamma", gamma, x, axis);
        requirePerChannel(where, "dgamma", dgamma, x, axis);
        requirePerChannel(where, "dbeta", dbeta, x, axis);
    }

    private static void requireRank(String where, INDArray x, boolean channelsLast) {
        if (x.rank() != 2 && x.rank() != 4) {
            throw new IllegalArgumentException(where + ": x must be " + (channelsLast ? "[N,H,W,C]" : "[N,C,H,W]")
                    + " or [N,C], but is " + ShapeChecks.shape(x));
        }
    }

    private static void requirePerChannel(String where, String name, INDArray a, INDArray x, int axis) {
        if (a.length() != x.size(axis)) {
            throw new IllegalArgumentException(where + ": " + name + " must have " + x.size(axis)
                    + " elements (the channels of x " + ShapeChecks.shape(x) + "), but is " + ShapeChecks.shape(a));
        }
    }
}
