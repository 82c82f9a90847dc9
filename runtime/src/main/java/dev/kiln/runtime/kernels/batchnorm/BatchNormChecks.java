package dev.kiln.runtime.kernels.batchnorm;

import dev.kiln.runtime.kernels.checks.ShapeChecks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code BatchNorm}'s argument checks: each names the method, the argument, and the shape
 * expected and got.
 */
public final class BatchNormChecks {
    private BatchNormChecks() {}

    /** The channel axis: 1 for {@code [N,C,H,W]} and {@code [N,C]}, 3 for channels-last {@code [N,H,W,C]}. */
    public static int channelAxis(INDArray x, boolean channelsLast) {
        return channelsLast ? x.rank() - 1 : 1;
    }

    /**
     * x is [N,C] or [N,C,H,W] ([N,H,W,C] channels last); y and the shortcut (when not null) have
     * x's shape; the four per-channel arrays have C elements. {@code where} names the caller in
     * the message, a constant, so that a passing check makes no string.
     */
    public static void require(String where, boolean channelsLast, INDArray x, INDArray gamma, INDArray beta, INDArray mean,
                                 INDArray var, INDArray shortcut, INDArray y) {
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

    public static void requireBackward(boolean channelsLast, INDArray x, INDArray gamma, INDArray reluOut, INDArray dy, INDArray dx,
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
