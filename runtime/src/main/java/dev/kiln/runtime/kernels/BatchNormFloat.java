package dev.kiln.runtime.kernels;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch norm's float32 path, one channel at a time: a channel's elements (N runs of H·W floats
 * in NCHW) are gathered in bulk into a float array kept per thread (loops over a direct buffer
 * run several times slower than over an array), every pass of that channel runs on the array
 * while it sits in the core's cache, and the result is scattered back in bulk. So the tensor
 * crosses main memory once in and once out, and the channels are split between the calling
 * thread and a helper ({@link TwoThreads}), which move their own halves in and out. Sums are
 * accumulated in double, as in the generic path, so both agree to float rounding.
 */
final class BatchNormFloat {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

    private BatchNormFloat() {}

    /**
     * Per channel: statistics into mean, invStd and squares (the sums of squared deviations),
     * y = gamma·xhat + beta, or max(that, 0) when {@code relu}.
     */
    static void forwardTrain(INDArray x, float[] gamma, float[] beta, double epsilon, double[] mean, double[] invStd,
                             double[] squares, INDArray y, boolean relu) {
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int hw = (int) (x.length() / n / c);
        int m = n * hw;
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer out = y.data().asNioFloat();
        TwoThreads.split(c, (from, to) -> {
            float[] v = scratch(0, m);
            for (int ch = from; ch < to; ch++) {
                gather(in, v, n, c, hw, ch);
                double mu = sum(v, m) / m;
                double sq = squares(v, m, mu);
                mean[ch] = mu;
                squares[ch] = sq;
                invStd[ch] = 1 / Math.sqrt(sq / m + epsilon);
                affine(v, m, (float) (gamma[ch] * invStd[ch]), (float) (beta[ch] - mu * gamma[ch] * invStd[ch]), relu);
                scatter(v, out, n, c, hw, ch);
            }
        });
    }

    /** y = scale·x + shift per channel (inference with running statistics), then max(·, 0) when {@code relu}. */
    static void affine(INDArray x, float[] scale, float[] shift, INDArray y, boolean relu) {
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int hw = (int) (x.length() / n / c);
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer out = y.data().asNioFloat();
        TwoThreads.split(c, (from, to) -> {
            float[] v = scratch(0, n * hw);
            for (int ch = from; ch < to; ch++) {
                gather(in, v, n, c, hw, ch);
                affine(v, n * hw, scale[ch], shift[ch], relu);
                scatter(v, out, n, c, hw, ch);
            }
        });
    }

    /**
     * The training-mode gradient; fills dgamma and dbeta (per channel) and dx (honouring
     * accumulate). With {@code reluOut}, dy is the gradient of a ReLU over batch norm's output
     * and is first masked by {@code reluOut > 0}; dy itself is not changed.
     */
    static void backward(INDArray x, float[] gamma, double[] mean, double[] invStd, INDArray reluOut, INDArray dy,
                         INDArray dx, boolean accumulate, double[] dgamma, double[] dbeta) {
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int hw = (int) (x.length() / n / c);
        int m = n * hw;
        FloatBuffer xs = x.data().asNioFloat();
        FloatBuffer dys = dy.data().asNioFloat();
        FloatBuffer masks = reluOut == null ? null : reluOut.data().asNioFloat();
        FloatBuffer dxs = dx.data().asNioFloat();
        TwoThreads.split(c, (from, to) -> {
            float[] v = scratch(0, m);
            float[] g = scratch(1, m);
            float[] d = accumulate ? scratch(2, m) : null;
            float[] mask = masks == null ? null : scratch(3, m);
            for (int ch = from; ch < to; ch++) {
                gather(xs, v, n, c, hw, ch);
                gather(dys, g, n, c, hw, ch);
                if (mask != null) {
                    gather(masks, mask, n, c, hw, ch);
                    FloatLoops.maskByRelu(mask, g, m);
                }
                float mu = (float) mean[ch];
                float is = (float) invStd[ch];
                sums(g, v, m, mu, ch, dbeta, dgamma);
                double sumDyXhat = dgamma[ch] * is;
                dgamma[ch] = sumDyXhat;
                float k = (float) (gamma[ch] * invStd[ch]);
                float meanDy = (float) (dbeta[ch] / m);
                float meanDyXhat = (float) (sumDyXhat / m);
                if (d == null) {
                    for (int i = 0; i < m; i++) {
                        g[i] = k * (g[i] - meanDy - (v[i] - mu) * is * meanDyXhat);
                    }
                } else {
                    gather(dxs, d, n, c, hw, ch);
                    for (int i = 0; i < m; i++) {
                        g[i] = d[i] + k * (g[i] - meanDy - (v[i] - mu) * is * meanDyXhat);
                    }
                }
                scatter(g, dxs, n, c, hw, ch);
            }
        });
    }

    /*
     * The reductions below keep four partial sums in double, one per element position mod 4,
     * and add them at the end: four independent chains of additions instead of one, which the
     * CPU overlaps (Java may not reorder a floating-point sum itself, so it cannot vectorise a
     * single chain). The result is as deterministic as one chain, in a different order.
     */

    /** The sum of the first m elements. */
    private static double sum(float[] v, int m) {
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        int i = 0;
        for (; i + 3 < m; i += 4) {
            a0 += v[i];
            a1 += v[i + 1];
            a2 += v[i + 2];
            a3 += v[i + 3];
        }
        for (; i < m; i++) {
            a0 += v[i];
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** The sum of squared deviations from {@code mu} of the first m elements. */
    private static double squares(float[] v, int m, double mu) {
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        int i = 0;
        for (; i + 3 < m; i += 4) {
            double d0 = v[i] - mu;
            double d1 = v[i + 1] - mu;
            double d2 = v[i + 2] - mu;
            double d3 = v[i + 3] - mu;
            a0 += d0 * d0;
            a1 += d1 * d1;
            a2 += d2 * d2;
            a3 += d3 * d3;
        }
        for (; i < m; i++) {
            double d = v[i] - mu;
            a0 += d * d;
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** Backward's two sums in one pass: Σ g into {@code sumG[ch]} and Σ g·(v − mu) into {@code sumGv[ch]}, four chains each. */
    private static void sums(float[] g, float[] v, int m, float mu, int ch, double[] sumG, double[] sumGv) {
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        double b0 = 0;
        double b1 = 0;
        double b2 = 0;
        double b3 = 0;
        int i = 0;
        for (; i + 3 < m; i += 4) {
            a0 += g[i];
            a1 += g[i + 1];
            a2 += g[i + 2];
            a3 += g[i + 3];
            b0 += g[i] * (v[i] - mu);
            b1 += g[i + 1] * (v[i + 1] - mu);
            b2 += g[i + 2] * (v[i + 2] - mu);
            b3 += g[i + 3] * (v[i + 3] - mu);
        }
        for (; i < m; i++) {
            a0 += g[i];
            b0 += g[i] * (v[i] - mu);
        }
        sumG[ch] = (a0 + a1) + (a2 + a3);
        sumGv[ch] = (b0 + b1) + (b2 + b3);
    }

    private static void affine(float[] v, int m, float scale, float shift, boolean relu) {
        if (relu) {
            for (int i = 0; i < m; i++) {
                v[i] = Math.max(v[i] * scale + shift, 0f);
            }
        } else {
            for (int i = 0; i < m; i++) {
                v[i] = v[i] * scale + shift;
            }
        }
    }

    /** Channel {@code ch} of an [N,C,H·W] buffer into {@code to[0, N·H·W)}, sample after sample. */
    private static void gather(FloatBuffer from, float[] to, int n, int c, int hw, int ch) {
        for (int s = 0; s < n; s++) {
            from.get((s * c + ch) * hw, to, s * hw, hw);
        }
    }

    /** The inverse of {@link #gather}. */
    private static void scatter(float[] from, FloatBuffer to, int n, int c, int hw, int ch) {
        for (int s = 0; s < n; s++) {
            to.put((s * c + ch) * hw, from, s * hw, hw);
        }
    }

    private static float[] scratch(int slot, int length) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < length) {
            s[slot] = new float[length];
        }
        return s[slot];
    }
}
