package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link BatchNorm}'s argument checks: each names the method, the argument, and the shape expected and got. */
final class BatchNormShapes {
    private BatchNormShapes() {}

    /** H·W for {@code [N,C,H,W]}, 1 for {@code [N,C]}. */
    static int spatial(INDArray x) {
        return x.rank() == 4 ? Math.toIntExact(x.size(2) * x.size(3)) : 1;
    }

    /** x is [N,C] or [N,C,H,W]; y and the shortcut (when not null) have x's shape; the four per-channel arrays have C elements. */
    static void require(String method, INDArray x, INDArray gamma, INDArray beta, INDArray mean, INDArray var,
                        INDArray shortcut, INDArray y) {
        String where = "BatchNorm." + method;
        requireRank(where, x);
        Relu.requireSameShape(where, "y", y, "x", x);
        if (shortcut != null) {
            Relu.requireSameShape(where, "shortcut", shortcut, "x", x);
        }
        requirePerChannel(where, "gamma", gamma, x);
        requirePerChannel(where, "beta", beta, x);
        requirePerChannel(where, "runningMean", mean, x);
        requirePerChannel(where, "runningVar", var, x);
    }

    static void requireBackward(INDArray x, INDArray gamma, INDArray reluOut, INDArray dy, INDArray dx, INDArray dgamma,
                                INDArray dbeta) {
        String where = "BatchNorm.backward";
        requireRank(where, x);
        Relu.requireSameShape(where, "dy", dy, "x", x);
        Relu.requireSameShape(where, "dx", dx, "x", x);
        if (reluOut != null) {
            Relu.requireSameShape(where, "reluOut", reluOut, "x", x);
        }
        requirePerChannel(where, "gamma", gamma, x);
        requirePerChannel(where, "dgamma", dgamma, x);
        requirePerChannel(where, "dbeta", dbeta, x);
    }

    private static void requireRank(String where, INDArray x) {
        if (x.rank() != 2 && x.rank() != 4) {
            throw new IllegalArgumentException(where + ": x must be [N,C,H,W] or [N,C], but is " + Relu.shape(x));
        }
    }

    private static void requirePerChannel(String where, String name, INDArray a, INDArray x) {
        if (a.length() != x.size(1)) {
            throw new IllegalArgumentException(where + ": " + name + " must have " + x.size(1)
                    + " elements (the channels of x " + Relu.shape(x) + "), but is " + Relu.shape(a));
        }
    }
}
