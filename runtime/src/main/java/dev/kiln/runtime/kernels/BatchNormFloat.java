package dev.kiln.runtime.kernels;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch norm's float32 path: the tensor is copied in bulk into float arrays (loops over a direct
 * buffer run several times slower than over an array), the per-channel work is split between
 * the calling thread and one helper thread, and the result is copied back in bulk. Sums are
 * accumulated in double, as in the generic path, so both agree to float rounding.
 */
final class BatchNormFloat {
    private static final ExecutorService HELPER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kiln-batchnorm");
        t.setDaemon(true);
        return t;
    });
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    private BatchNormFloat() {}

    /** Per channel: statistics into mean, invStd and squares (the sums of squared deviations), y = gamma·xhat + beta. */
    static void forwardTrain(INDArray x, float[] gamma, float[] beta, double epsilon, double[] mean, double[] invStd,
                             double[] squares, INDArray y) {
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int hw = (int) (x.length() / n / c);
        float[] v = load(0, x);
        split(c, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double mu = sum(v, n, c, hw, ch) / ((long) n * hw);
                double sq = squares(v, n, c, hw, ch, mu);
                mean[ch] = mu;
                squares[ch] = sq;
                invStd[ch] = 1 / Math.sqrt(sq / ((long) n * hw) + epsilon);
                affine(v, n, c, hw, ch, (float) (gamma[ch] * invStd[ch]), (float) (beta[ch] - mu * gamma[ch] * invStd[ch]));
            }
        });
        store(v, y);
    }

    /** y = scale·x + shift per channel (inference with running statistics). */
    static void affine(INDArray x, float[] scale, float[] shift, INDArray y) {
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int hw = (int) (x.length() / n / c);
        float[] v = load(0, x);
        split(c, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                affine(v, n, c, hw, ch, scale[ch], shift[ch]);
            }
        });
        store(v, y);
    }

    /** The training-mode gradient; fills dgamma and dbeta (per channel) and dx (honouring accumulate). */
    static void backward(INDArray x, float[] gamma, double[] mean, double[] invStd, INDArray dy, INDArray dx,
                         boolean accumulate, double[] dgamma, double[] dbeta) {
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int hw = (int) (x.length() / n / c);
        long m = (long) n * hw;
        float[] v = load(0, x);
        float[] g = load(1, dy);
        float[] d = accumulate ? load(2, dx) : null;
        split(c, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float mu = (float) mean[ch];
                float is = (float) invStd[ch];
                sums(g, v, n, c, hw, ch, mu, dbeta, dgamma);
                double sumDy = dbeta[ch];
                double sumDyXhat = dgamma[ch] * is;
                dgamma[ch] = sumDyXhat;
                float k = (float) (gamma[ch] * invStd[ch]);
                float meanDy = (float) (sumDy / m);
                float meanDyXhat = (float) (sumDyXhat / m);
                for (int s = 0; s < n; s++) {
                    for (int i = (s * c + ch) * hw, end = i + hw; i < end; i++) {
                        float r = k * (g[i] - meanDy - (v[i] - mu) * is * meanDyXhat);
                        g[i] = d == null ? r : d[i] + r;
                    }
                }
            }
        });
        store(g, dx);
    }

    /*
     * The reductions below keep four partial sums in double, one per element position mod 4,
     * and add them at the end: four independent chains of additions instead of one, which the
     * CPU overlaps (Java may not reorder a floating-point sum itself, so it cannot vectorise a
     * single chain). The result is as deterministic as one chain, in a different order.
     */

    /** The sum of channel {@code ch}'s elements. */
    private static double sum(float[] v, int n, int c, int hw, int ch) {
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        for (int s = 0; s < n; s++) {
            int i = (s * c + ch) * hw;
            int end = i + hw;
            for (; i + 3 < end; i += 4) {
                a0 += v[i];
                a1 += v[i + 1];
                a2 += v[i + 2];
                a3 += v[i + 3];
            }
            for (; i < end; i++) {
                a0 += v[i];
            }
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** The sum of squared deviations from {@code mu} of channel {@code ch}'s elements. */
    private static double squares(float[] v, int n, int c, int hw, int ch, double mu) {
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        for (int s = 0; s < n; s++) {
            int i = (s * c + ch) * hw;
            int end = i + hw;
            for (; i + 3 < end; i += 4) {
                double d0 = v[i] - mu;
                double d1 = v[i + 1] - mu;
                double d2 = v[i + 2] - mu;
                double d3 = v[i + 3] - mu;
                a0 += d0 * d0;
                a1 += d1 * d1;
                a2 += d2 * d2;
                a3 += d3 * d3;
            }
            for (; i < end; i++) {
                double d = v[i] - mu;
                a0 += d * d;
            }
        }
        return (a0 + a1) + (a2 + a3);
    }

    /**
     * Backward's two sums over channel {@code ch} in one pass (the loop is bound by memory, so
     * a second pass would cost more than it saves): Σ g into {@code sumG[ch]} and Σ g·(v − mu)
     * into {@code sumGv[ch]}, four chains each.
     */
    private static void sums(float[] g, float[] v, int n, int c, int hw, int ch, float mu, double[] sumG, double[] sumGv) {
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        double b0 = 0;
        double b1 = 0;
        double b2 = 0;
        double b3 = 0;
        for (int s = 0; s < n; s++) {
            int i = (s * c + ch) * hw;
            int end = i + hw;
            for (; i + 3 < end; i += 4) {
                a0 += g[i];
                a1 += g[i + 1];
                a2 += g[i + 2];
                a3 += g[i + 3];
                b0 += g[i] * (v[i] - mu);
                b1 += g[i + 1] * (v[i + 1] - mu);
                b2 += g[i + 2] * (v[i + 2] - mu);
                b3 += g[i + 3] * (v[i + 3] - mu);
            }
            for (; i < end; i++) {
                a0 += g[i];
                b0 += g[i] * (v[i] - mu);
            }
        }
        sumG[ch] = (a0 + a1) + (a2 + a3);
        sumGv[ch] = (b0 + b1) + (b2 + b3);
    }

    private static void affine(float[] v, int n, int c, int hw, int ch, float scale, float shift) {
        for (int s = 0; s < n; s++) {
            for (int i = (s * c + ch) * hw, end = i + hw; i < end; i++) {
                v[i] = v[i] * scale + shift;
            }
        }
    }

    /** Runs {@code work} over channels [0, c): the upper half here, the lower half on the helper thread. */
    private static void split(int c, ChannelWork work) {
        if (c < 2) {
            work.run(0, c);
            return;
        }
        int half = c / 2;
        Future<?> lower = HELPER.submit(() -> work.run(0, half));
        work.run(half, c);
        try {
            lower.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("BatchNorm: interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("BatchNorm: the helper thread failed", e.getCause());
        }
    }

    private interface ChannelWork {
        void run(int from, int to);
    }

    private static float[] load(int slot, INDArray a) {
        float[][] s = SCRATCH.get();
        int n = (int) a.length();
        if (s[slot].length < n) {
            s[slot] = new float[n];
        }
        a.data().asNioFloat().get(0, s[slot], 0, n);
        return s[slot];
    }

    private static void store(float[] v, INDArray a) {
        a.data().asNioFloat().put(0, v, 0, (int) a.length());
    }
}
