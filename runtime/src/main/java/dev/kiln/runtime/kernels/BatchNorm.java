package dev.kiln.runtime.kernels;

import java.util.Arrays;
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
 * way than running {@link Relu} separately.
 *
 * <p>The training forward keeps μ and 1/√(σ² + ε) per channel for the backward, in arrays owned
 * by the instance (reallocated only when C changes); so one instance serves one layer.
 * {@code y} may be {@code x} for the forward alone, but backward needs the forward's input
 * {@code x}; {@code dx} may be {@code dy} when not accumulating.
 */
public final class BatchNorm {
    private final double momentum;
    private final double epsilon;
    private double[] mean = new double[0];
    private double[] invStd = new double[0];
    private boolean haveBatchStatistics;

    public BatchNorm(double momentum, double epsilon) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm: momentum must be in [0, 1], but is " + momentum);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("BatchNorm: epsilon must be finite and > 0, but is " + epsilon);
        }
        this.momentum = momentum;
        this.epsilon = epsilon;
    }

    /** Float32 scratch, per channel, reused across calls. */
    private float[] gammaF = new float[0];
    private float[] betaF = new float[0];
    private double[] squares = new double[0];
    private double[] dgammaD = new double[0];
    private double[] dbetaD = new double[0];

    private void perChannelScratch(int c) {
        if (gammaF.length != c) {
            gammaF = new float[c];
            betaF = new float[c];
            squares = new double[c];
            dgammaD = new double[c];
            dbetaD = new double[c];
        }
    }

    private static void copy(Buf from, float[] to) {
        for (int i = 0; i < to.length; i++) {
            to[i] = (float) from.get(i);
        }
    }

    /** Normalises with the batch statistics, writes y, and updates the running statistics in place. */
    public void forwardTrain(INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
                             INDArray runningVar, INDArray y) {
        forwardTrain(x, gamma, beta, runningMean, runningVar, y, false);
    }

    /** {@link #forwardTrain(INDArray, INDArray, INDArray, INDArray, INDArray, INDArray)}, then ReLU on y when {@code relu}. */
    public void forwardTrain(INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
                             INDArray runningVar, INDArray y, boolean relu) {
        requireShapes("forwardTrain", x, gamma, beta, runningMean, runningVar, y);
        int c = (int) x.size(1);
        int n = (int) x.size(0);
        int hw = spatial(x);
        long m = (long) n * hw;
        if (m < 2) {
            throw new IllegalArgumentException("BatchNorm.forwardTrain: needs more than one value per channel to "
                    + "estimate a variance, but x is " + Relu.shape(x));
        }
        if (mean.length != c) {
            mean = new double[c];
            invStd = new double[c];
        }
        Buf g = Buf.of(gamma);
        Buf b = Buf.of(beta);
        Buf rm = Buf.of(runningMean);
        Buf rv = Buf.of(runningVar);
        if (FloatLoops.applies(x, y)) {
            perChannelScratch(c);
            copy(g, gammaF);
            copy(b, betaF);
            BatchNormFloat.forwardTrain(x, gammaF, betaF, epsilon, mean, invStd, squares, y, relu);
            for (int ch = 0; ch < c; ch++) {
                rm.set(ch, (1 - momentum) * rm.get(ch) + momentum * mean[ch]);
                rv.set(ch, (1 - momentum) * rv.get(ch) + momentum * squares[ch] / (m - 1));
            }
            haveBatchStatistics = true;
            return;
        }
        Buf in = Buf.of(x);
        Buf out = Buf.of(y);
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int s = 0; s < n; s++) {
                for (int i = (s * c + ch) * hw, end = i + hw; i < end; i++) {
                    sum += in.get(i);
                }
            }
            double mu = sum / m;
            double squares = 0;
            for (int s = 0; s < n; s++) {
                for (int i = (s * c + ch) * hw, end = i + hw; i < end; i++) {
                    double d = in.get(i) - mu;
                    squares += d * d;
                }
            }
            double var = squares / m;
            mean[ch] = mu;
            invStd[ch] = 1 / Math.sqrt(var + epsilon);
            affine(in, out, n, c, hw, ch, g.get(ch) * invStd[ch], b.get(ch) - mu * g.get(ch) * invStd[ch], relu);
            rm.set(ch, (1 - momentum) * rm.get(ch) + momentum * mu);
            rv.set(ch, (1 - momentum) * rv.get(ch) + momentum * squares / (m - 1));
        }
        haveBatchStatistics = true;
    }

    /** Normalises with the running statistics; nothing is remembered or updated. */
    public void forwardInference(INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
                                 INDArray runningVar, INDArray y) {
        forwardInference(x, gamma, beta, runningMean, runningVar, y, false);
    }

    /** {@link #forwardInference(INDArray, INDArray, INDArray, INDArray, INDArray, INDArray)}, then ReLU on y when {@code relu}. */
    public void forwardInference(INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
                                 INDArray runningVar, INDArray y, boolean relu) {
        requireShapes("forwardInference", x, gamma, beta, runningMean, runningVar, y);
        int c = (int) x.size(1);
        int n = (int) x.size(0);
        int hw = spatial(x);
        Buf g = Buf.of(gamma);
        Buf b = Buf.of(beta);
        Buf rm = Buf.of(runningMean);
        Buf rv = Buf.of(runningVar);
        if (FloatLoops.applies(x, y)) {
            perChannelScratch(c);
            for (int ch = 0; ch < c; ch++) {
                double scale = g.get(ch) / Math.sqrt(rv.get(ch) + epsilon);
                gammaF[ch] = (float) scale;
                betaF[ch] = (float) (b.get(ch) - rm.get(ch) * scale);
            }
            BatchNormFloat.affine(x, gammaF, betaF, y, relu);
            return;
        }
        Buf in = Buf.of(x);
        Buf out = Buf.of(y);
        for (int ch = 0; ch < c; ch++) {
            double scale = g.get(ch) / Math.sqrt(rv.get(ch) + epsilon);
            affine(in, out, n, c, hw, ch, scale, b.get(ch) - rm.get(ch) * scale, relu);
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
        if (x.rank() != 2 && x.rank() != 4) {
            throw new IllegalArgumentException("BatchNorm.backward: x must be [N,C,H,W] or [N,C], but is "
                    + Relu.shape(x));
        }
        Relu.requireSameShape("BatchNorm.backward", "dy", dy, "x", x);
        Relu.requireSameShape("BatchNorm.backward", "dx", dx, "x", x);
        if (reluOut != null) {
            Relu.requireSameShape("BatchNorm.backward", "reluOut", reluOut, "x", x);
        }
        requirePerChannel("BatchNorm.backward", "gamma", gamma, x);
        requirePerChannel("BatchNorm.backward", "dgamma", dgamma, x);
        requirePerChannel("BatchNorm.backward", "dbeta", dbeta, x);
        int c = (int) x.size(1);
        if (!haveBatchStatistics || mean.length != c) {
            throw new IllegalStateException("BatchNorm.backward: needs the statistics of a forwardTrain over " + c
                    + " channels first, but has " + (haveBatchStatistics ? "them for " + mean.length : "none"));
        }
        int n = (int) x.size(0);
        int hw = spatial(x);
        long m = (long) n * hw;
        Buf g = Buf.of(gamma);
        Buf dg = Buf.of(dgamma);
        Buf db = Buf.of(dbeta);
        if (FloatLoops.applies(x, dy, dx) && (reluOut == null || FloatLoops.applies(reluOut))) {
            perChannelScratch(c);
            copy(g, gammaF);
            BatchNormFloat.backward(x, gammaF, mean, invStd, reluOut, dy, dx, accumulate, dgammaD, dbetaD);
            for (int ch = 0; ch < c; ch++) {
                dg.set(ch, dgammaD[ch]);
                db.set(ch, dbetaD[ch]);
            }
            return;
        }
        Buf in = Buf.of(x);
        Buf up = Buf.of(dy);
        Buf d = Buf.of(dx);
        Buf mask = reluOut == null ? null : Buf.of(reluOut);
        for (int ch = 0; ch < c; ch++) {
            double mu = mean[ch];
            double is = invStd[ch];
            double sumDy = 0;
            double sumDyXhat = 0;
            for (int s = 0; s < n; s++) {
                for (int i = (s * c + ch) * hw, end = i + hw; i < end; i++) {
                    double v = upstream(up, mask, i);
                    sumDy += v;
                    sumDyXhat += v * (in.get(i) - mu) * is;
                }
            }
            dg.set(ch, sumDyXhat);
            db.set(ch, sumDy);
            double k = g.get(ch) * is;
            double meanDy = sumDy / m;
            double meanDyXhat = sumDyXhat / m;
            for (int s = 0; s < n; s++) {
                for (int i = (s * c + ch) * hw, end = i + hw; i < end; i++) {
                    double xhat = (in.get(i) - mu) * is;
                    d.put(i, k * (upstream(up, mask, i) - meanDy - xhat * meanDyXhat), accumulate);
                }
            }
        }
    }

    /** dy[i], or 0 where the fused ReLU's output is not positive. */
    private static double upstream(Buf dy, Buf reluOut, int i) {
        return reluOut == null || reluOut.get(i) > 0 ? dy.get(i) : 0;
    }

    /** {@code y[:, ch] = scale · x[:, ch] + shift}, then max(·, 0) when {@code relu} (NaN passes). */
    private static void affine(Buf in, Buf out, int n, int c, int hw, int ch, double scale, double shift, boolean relu) {
        for (int s = 0; s < n; s++) {
            for (int i = (s * c + ch) * hw, end = i + hw; i < end; i++) {
                double v = in.get(i) * scale + shift;
                out.set(i, relu && v <= 0 ? 0 : v);
            }
        }
    }

    /** H·W for {@code [N,C,H,W]}, 1 for {@code [N,C]}. */
    private static int spatial(INDArray x) {
        return x.rank() == 4 ? Math.toIntExact(x.size(2) * x.size(3)) : 1;
    }

    /** x is [N,C] or [N,C,H,W]; y has x's shape; the four per-channel arrays have C elements. */
    private static void requireShapes(String method, INDArray x, INDArray gamma, INDArray beta, INDArray mean,
                                      INDArray var, INDArray y) {
        String where = "BatchNorm." + method;
        if (x.rank() != 2 && x.rank() != 4) {
            throw new IllegalArgumentException(where + ": x must be [N,C,H,W] or [N,C], but is " + Relu.shape(x));
        }
        Relu.requireSameShape(where, "y", y, "x", x);
        requirePerChannel(where, "gamma", gamma, x);
        requirePerChannel(where, "beta", beta, x);
        requirePerChannel(where, "runningMean", mean, x);
        requirePerChannel(where, "runningVar", var, x);
    }

    private static void requirePerChannel(String where, String name, INDArray a, INDArray x) {
        if (a.length() != x.size(1)) {
            throw new IllegalArgumentException(where + ": " + name + " must have " + x.size(1)
                    + " elements (the channels of x " + Relu.shape(x) + "), but is " + Relu.shape(a));
        }
    }
}
