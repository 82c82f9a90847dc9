package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.arrays.NativeViews;
import dev.kiln.runtime.kernels.batchnorm.BatchNormChecks;
import dev.kiln.runtime.kernels.batchnorm.BatchNormEngine;
import dev.kiln.runtime.kernels.batchnorm.DnnlBatchNorm;
import dev.kiln.runtime.kernels.batchnorm.GenericBatchNorm;
import dev.kiln.runtime.kernels.batchnorm.NchwFloatBatchNorm;
import dev.kiln.runtime.kernels.batchnorm.RowsFloatBatchNorm;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation per channel, for {@code x} of {@code [N,C,H,W]} or {@code [N,C]}; the
 * statistics of channel c run over the {@code m = N·H·W} elements {@code x[:, c, …]}. gamma, beta
 * and the running statistics have C elements.
 *
 * <pre>
 * forward (training):  μ = (1/m) Σ x,   σ² = (1/m) Σ (x − μ)²,
 *                      x̂ = (x − μ) / √(σ² + ε),   y = γ·x̂ + β
 *                      running  = (1 − momentum)·running + momentum·batch     (PyTorch's rule; the
 *                      running variance takes the unbiased σ²·m/(m − 1))
 * forward (inference): the same with the running mean and variance in place of μ and σ²
 * backward (training): dγ = Σ dy·x̂,   dβ = Σ dy,
 *                      dx = γ/(m·√(σ² + ε)) · (m·dy − Σ dy − x̂·Σ dy·x̂)
 * </pre>
 *
 * With {@code relu}, the forward writes {@code max(y, 0)} (batch norm and the ReLU after it in one
 * pass), and the backward given that output masks dy by it first: one pass over memory less each
 * way than running {@link Relu} separately. With a {@code shortcut}, the forward writes
 * {@code y = γ·x̂ + β + shortcut} (then the ReLU): the last batch norm of a residual block, the add
 * and its ReLU in one pass, {@link Add} and {@link Relu} not needed; the backward is unchanged
 * (the add passes dy to batch norm as it is). When the backward's {@code reluOut} is the very y
 * of the last training forward (fused ReLU, no shortcut, float path), the mask is recomputed
 * from x, to the same bits, instead of read: one tensor less through memory.
 *
 * <p>The training forward keeps μ and 1/√(σ² + ε) per channel for the backward, in arrays owned
 * by the instance (reallocated only when C changes); so one instance serves one layer.
 * {@code y} may be {@code x} or the shortcut for the forward alone, but backward needs the
 * forward's input {@code x}; {@code dx} may be {@code dy} when not accumulating.
 *
 * <p>Each call runs on the engine {@link BatchNormEngine} names for its arrays
 * ({@link #forwardEngineFor}, {@link #backwardEngineFor}): in training, channels-last float32
 * {@code [N,H,W,C]} calls on oneDNN's batch-normalization primitive where oneDNN loads (the
 * forward with its ReLU fused, the mask kept by oneDNN for the backward; not a forward with a
 * shortcut, nor an accumulating backward); else float32 rows of C (channels last and [N,C]),
 * float32 NCHW a channel at a time, or the generic loops in double (float64, and float32 NCHW
 * maps under 16 elements).
 */
public final class BatchNorm {
    private final double momentum;
    private final double epsilon;
    private final boolean channelsLast;
    /** The float path for channels-last and [N,C] tensors. */
    private final RowsFloatBatchNorm rows = new RowsFloatBatchNorm();
    /** x as batch norm walks it: n runs of hw values per channel, c channels ([R, C] is n = R, hw = 1). */
    private int n;
    private int c;
    private int hw;
    private double[] mean = new double[0];
    private double[] invStd = new double[0];
    /** Σ(x − μ)² per channel, for the running variance. */
    private double[] squares = new double[0];
    private boolean haveBatchStatistics;

    /** Float32 scratch, per channel, reused across calls. */
    private float[] gammaF = new float[0];
    private float[] betaF = new float[0];
    private double[] dgammaD = new double[0];
    private double[] dbetaD = new double[0];
    /** The float path's scale and shift of the last training forward (y = scale·x + shift per channel). */
    private float[] scaleF = new float[0];
    private float[] shiftF = new float[0];
    /**
     * The y of the last training forward when it was a fused ReLU with no shortcut on a float
     * path, else null: backward given this array as reluOut recomputes it from x instead.
     */
    private INDArray reluOutput;
    /** oneDNN's primitives for this layer, made on the first call that runs on them. */
    private DnnlBatchNorm dnnl;
    /** Whether oneDNN holds the statistics of the last training forward (it ran there, or they were handed to it). */
    private boolean statisticsInDnnl;
    /** The y of the last training forward when it ran on oneDNN with the ReLU, whose mask oneDNN keeps; else null. */
    private INDArray dnnlReluOutput;

    /** Batch norm over NCHW tensors (and [N,C]). */
    public BatchNorm(double momentum, double epsilon) {
        this(momentum, epsilon, false);
    }

    /**
     * Batch norm over NCHW tensors, or with {@code channelsLast} over NHWC ones, {@code [N,H,W,C]}
     * with the channel last (statistics over the N·H·W rows of {@code [N·H·W, C]}); [N,C] either way.
     */
    public BatchNorm(double momentum, double epsilon, boolean channelsLast) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm: momentum must be in [0, 1], but is " + momentum);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("BatchNorm: epsilon must be finite and > 0, but is " + epsilon);
        }
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.channelsLast = channelsLast;
    }

    public double epsilon() {
        return epsilon;
    }

    /** Whether maps are [N,H,W,C] rather than [N,C,H,W]. */
    public boolean channelsLast() {
        return channelsLast;
    }

    /**
     * {@link #forwardTrain} when {@code training}, else {@link #forwardInference}: the call generated
     * code makes, so that one statement serves both modes.
     */
    public void forward(boolean training, INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
                        INDArray runningVar, INDArray y) {
        forward(training, x, gamma, beta, runningMean, runningVar, null, y, false);
    }

    /** {@link #forward(boolean, INDArray, INDArray, INDArray, INDArray, INDArray, INDArray)}, then ReLU on y when {@code relu}. */
    public void forward(boolean training, INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
                        INDArray runningVar, INDArray y, boolean relu) {
        forward(training, x, gamma, beta, runningMean, runningVar, null, y, relu);
    }

    /** The forward of either mode with {@code shortcut} (x's shape, or null) added before the ReLU. */
    public void forward(boolean training, INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
                        INDArray runningVar, INDArray shortcut, INDArray y, boolean relu) {
        if (training) {
            forwardTrain(x, gamma, beta, runningMean, runningVar, shortcut, y, relu);
        } else {
            forwardInference(x, gamma, beta, runningMean, runningVar, shortcut, y, relu);
        }
    }

    /** Normalises with the batch statistics, writes y, and updates the running statistics in place. */
    public void forwardTrain(INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
                             INDArray runningVar, INDArray y) {
        forwardTrain(x, gamma, beta, runningMean, runningVar, null, y, false);
    }

    /** {@link #forwardTrain(INDArray, INDArray, INDArray, INDArray, INDArray, INDArray)}, then ReLU on y when {@code relu}. */
    public void forwardTrain(INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
                             INDArray runningVar, INDArray y, boolean relu) {
        forwardTrain(x, gamma, beta, runningMean, runningVar, null, y, relu);
    }

    /** The training forward with {@code shortcut} (x's shape, or null) added before the ReLU: y = act(γ·x̂ + β + shortcut). */
    public void forwardTrain(INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
                             INDArray runningVar, INDArray shortcut, INDArray y, boolean relu) {
        BatchNormChecks.require("BatchNorm.forwardTrain", channelsLast, x, gamma, beta, runningMean, runningVar, shortcut, y);
        walk(x);
        long m = (long) n * hw;
        if (m < 2) {
            throw new IllegalArgumentException("BatchNorm.forwardTrain: needs more than one value per channel to "
                    + "estimate a variance, but x is " + ShapeChecks.shape(x));
        }
        perChannel(c);
        Buf g = Buf.of(gamma);
        Buf b = Buf.of(beta);
        BatchNormEngine engine = BatchNormEngine.chooseTrainingForward(channelsLast, x, shortcut, y);
        if (engine != BatchNormEngine.GENERIC) {
            copy(g, gammaF);
            copy(b, betaF);
        }
        if (engine == BatchNormEngine.ONEDNN) {
            dnnl().forward(x, gammaF, betaF, epsilon, relu, y, mean, squares);
            // oneDNN's ReLU turns NaN into 0, the loops' pass it on: a non-finite input, statistic or
            // parameter runs again on the loops, so that the loss shows it as before.
            if (finite(mean) && finite(squares) && finite(gammaF) && finite(betaF)) {
                for (int ch = 0; ch < c; ch++) {
                    invStd[ch] = 1 / Math.sqrt(squares[ch] + epsilon);
                    squares[ch] *= m;
                }
                reluOutput = null;
            } else {
                engine = BatchNormEngine.ROWS_FLOAT;
            }
        }
        statisticsInDnnl = engine == BatchNormEngine.ONEDNN;
        dnnlReluOutput = engine == BatchNormEngine.ONEDNN && relu ? y : null;
        if (engine == BatchNormEngine.ROWS_FLOAT) {
            rows.forwardTrain(floats(x), n, c, gammaF, betaF, epsilon, mean, invStd, squares, floats(shortcut), floats(y), relu);
            reluOutput = relu && shortcut == null ? y : null;
        } else if (engine == BatchNormEngine.NCHW_FLOAT) {
            NchwFloatBatchNorm.forwardTrain(x, gammaF, betaF, epsilon, mean, invStd, squares, shortcut, y, relu, scaleF, shiftF);
            reluOutput = relu && shortcut == null ? y : null;
        } else if (engine == BatchNormEngine.GENERIC) {
            reluOutput = null;
            Buf in = Buf.of(x);
            Buf sc = shortcut == null ? null : Buf.of(shortcut);
            Buf out = Buf.of(y);
            for (int ch = 0; ch < c; ch++) {
                double[] st = GenericBatchNorm.statistics(in, n, c, hw, ch);
                mean[ch] = st[0];
                squares[ch] = st[1];
                invStd[ch] = 1 / Math.sqrt(st[1] / m + epsilon);
                double scale = g.get(ch) * invStd[ch];
                GenericBatchNorm.affine(in, sc, out, n, c, hw, ch, scale, b.get(ch) - mean[ch] * scale, relu);
            }
        }
        Buf rm = Buf.of(runningMean);
        Buf rv = Buf.of(runningVar);
        for (int ch = 0; ch < c; ch++) {
            rm.set(ch, (1 - momentum) * rm.get(ch) + momentum * mean[ch]);
            rv.set(ch, (1 - momentum) * rv.get(ch) + momentum * squares[ch] / (m - 1));
        }
        haveBatchStatistics = true;
    }

    /** Normalises with the running statistics; nothing is remembered or updated. */
    public void forwardInference(INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
                                 INDArray runningVar, INDArray y) {
        forwardInference(x, gamma, beta, runningMean, runningVar, null, y, false);
    }

    /** {@link #forwardInference(INDArray, INDArray, INDArray, INDArray, INDArray, INDArray)}, then ReLU on y when {@code relu}. */
    public void forwardInference(INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
                                 INDArray runningVar, INDArray y, boolean relu) {
        forwardInference(x, gamma, beta, runningMean, runningVar, null, y, relu);
    }

    /** The inference forward with {@code shortcut} (x's shape, or null) added before the ReLU. */
    public void forwardInference(INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
                                 INDArray runningVar, INDArray shortcut, INDArray y, boolean relu) {
        BatchNormChecks.require("BatchNorm.forwardInference", channelsLast, x, gamma, beta, runningMean, runningVar, shortcut, y);
        walk(x);
        // y may be the last training forward's output: it now holds other values, so no kept mask stands for it.
        reluOutput = null;
        dnnlReluOutput = null;
        Buf g = Buf.of(gamma);
        Buf b = Buf.of(beta);
        Buf rm = Buf.of(runningMean);
        Buf rv = Buf.of(runningVar);
        perChannel(c);
        BatchNormEngine engine = BatchNormEngine.choose(channelsLast, x, y, shortcut);
        boolean fast = engine != BatchNormEngine.GENERIC;
        Buf in = fast ? null : Buf.of(x);
        Buf sc = fast || shortcut == null ? null : Buf.of(shortcut);
        Buf out = fast ? null : Buf.of(y);
        for (int ch = 0; ch < c; ch++) {
            double scale = g.get(ch) / Math.sqrt(rv.get(ch) + epsilon);
            double shift = b.get(ch) - rm.get(ch) * scale;
            if (fast) {
                gammaF[ch] = (float) scale;
                betaF[ch] = (float) shift;
            } else {
                GenericBatchNorm.affine(in, sc, out, n, c, hw, ch, scale, shift, relu);
            }
        }
        if (engine == BatchNormEngine.ROWS_FLOAT) {
            rows.affine(floats(x), n, c, gammaF, betaF, floats(shortcut), floats(y), relu);
        } else if (engine == BatchNormEngine.NCHW_FLOAT) {
            NchwFloatBatchNorm.affine(x, gammaF, betaF, shortcut, y, relu);
        }
    }

    /**
     * The training-mode gradient through the batch statistics of the last {@link #forwardTrain}
     * (which must have seen this {@code x}): dx honours {@code accumulate}; dgamma and dbeta are
     * overwritten.
     */
    public void backward(INDArray x, INDArray gamma, INDArray dy, INDArray dx, boolean accumulate,
                         INDArray dgamma, INDArray dbeta) {
        backward(x, gamma, null, dy, dx, accumulate, dgamma, dbeta);
    }

    /**
     * The gradient through a ReLU and then batch norm, for a forward run with {@code relu}:
     * {@code reluOut} is that forward's output y = max(bn(x), 0) and dy its gradient, which is
     * masked by {@code reluOut > 0} on the way (dy itself is not changed); null {@code reluOut}
     * is the plain {@link #backward(INDArray, INDArray, INDArray, INDArray, boolean, INDArray, INDArray)}.
     */
    public void backward(INDArray x, INDArray gamma, INDArray reluOut, INDArray dy, INDArray dx, boolean accumulate,
                         INDArray dgamma, INDArray dbeta) {
        BatchNormChecks.requireBackward(channelsLast, x, gamma, reluOut, dy, dx, dgamma, dbeta);
        walk(x);
        if (!haveBatchStatistics || mean.length != c) {
            throw new IllegalStateException("BatchNorm.backward: needs the statistics of a forwardTrain over " + c
                    + " channels first, but has " + (haveBatchStatistics ? "them for " + mean.length : "none"));
        }
        Buf g = Buf.of(gamma);
        Buf dg = Buf.of(dgamma);
        Buf db = Buf.of(dbeta);
        BatchNormEngine engine = BatchNormEngine.chooseBackward(channelsLast, x, reluOut, dy, dx, accumulate,
                reluOut != null && reluOut == dnnlReluOutput);
        // The fused ReLU's output of the last training forward is recomputed from x, not read.
        boolean recompute = reluOut != null && reluOut == reluOutput;
        if (engine != BatchNormEngine.GENERIC) {
            copy(g, gammaF);
        }
        if (engine == BatchNormEngine.ONEDNN) {
            if (!statisticsInDnnl) {
                dnnl().useStatistics(x, epsilon, mean, squares, (long) n * hw);
                statisticsInDnnl = true;
            }
            dnnl().backward(x, gammaF, epsilon, reluOut != null, dy, dx, dgammaD, dbetaD);
        } else if (engine == BatchNormEngine.ROWS_FLOAT) {
            rows.backward(floats(x), n, c, gammaF, mean, invStd, floats(reluOut), recompute, floats(dy), floats(dx),
                    accumulate, dgammaD, dbetaD);
        } else if (engine == BatchNormEngine.NCHW_FLOAT) {
            NchwFloatBatchNorm.backward(x, gammaF, mean, invStd, recompute ? null : reluOut, recompute ? scaleF : null,
                    recompute ? shiftF : null, dy, dx, accumulate, dgammaD, dbetaD);
        } else {
            Buf in = Buf.of(x);
            Buf up = Buf.of(dy);
            Buf mask = reluOut == null ? null : Buf.of(reluOut);
            Buf d = Buf.of(dx);
            double[] grads = new double[2];
            for (int ch = 0; ch < c; ch++) {
                GenericBatchNorm.backward(in, up, mask, d, accumulate, n, c, hw, ch, mean[ch], invStd[ch], g.get(ch), grads);
                dgammaD[ch] = grads[0];
                dbetaD[ch] = grads[1];
            }
        }
        for (int ch = 0; ch < c; ch++) {
            dg.set(ch, dgammaD[ch]);
            db.set(ch, dbetaD[ch]);
        }
    }

    /** The engine a training forward over x (with {@code shortcut}, or null, and output y) runs on. */
    public BatchNormEngine forwardEngineFor(INDArray x, INDArray shortcut, INDArray y) {
        return BatchNormEngine.chooseTrainingForward(channelsLast, x, shortcut, y);
    }

    /** The engine a backward over x (with {@code reluOut}, or null, dy and dx, not accumulating) runs on now. */
    public BatchNormEngine backwardEngineFor(INDArray x, INDArray reluOut, INDArray dy, INDArray dx) {
        return BatchNormEngine.chooseBackward(channelsLast, x, reluOut, dy, dx, false, reluOut != null && reluOut == dnnlReluOutput);
    }

    private DnnlBatchNorm dnnl() {
        if (dnnl == null) {
            dnnl = new DnnlBatchNorm();
        }
        return dnnl;
    }

    /** Sets n, c and hw for x: NCHW [N,C,H,W] is N runs of H·W per channel; [N,C] and channels-last [R,C] rows of one. */
    private void walk(INDArray x) {
        c = (int) x.size(BatchNormChecks.channelAxis(x, channelsLast));
        if (channelsLast || x.rank() == 2) {
            n = c == 0 ? 0 : Math.toIntExact(x.length() / c);
            hw = 1;
        } else {
            n = (int) x.size(0);
            hw = Math.toIntExact(x.size(2) * x.size(3));
        }
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static FloatBuffer floats(INDArray a) {
        return a == null ? null : NativeViews.floatsOf(a);
    }

    /** Sizes the per-channel arrays for C channels. */
    private void perChannel(int c) {
        if (mean.length != c) {
            mean = new double[c];
            invStd = new double[c];
            squares = new double[c];
            gammaF = new float[c];
            betaF = new float[c];
            dgammaD = new double[c];
            dbetaD = new double[c];
            scaleF = new float[c];
            shiftF = new float[c];
            haveBatchStatistics = false;
        }
    }

    private static void copy(Buf from, float[] to) {
        for (int i = 0; i < to.length; i++) {
            to[i] = (float) from.get(i);
        }
    }
}
