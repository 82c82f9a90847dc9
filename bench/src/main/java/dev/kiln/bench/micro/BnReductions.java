package dev.kiln.bench.micro;

// Side by side: batch norm's per-channel reductions over a [128,16,28,28] float tensor with one
// chain of double additions (Kiln before 2026-11-28) and with four interleaved chains; and
// backward's two sums (Σdy, Σdy·(x − μ)) in one loop of two chains (before), in two passes of
// four chains, and in one loop of eight chains (now).
// Run: java -cp bench/target/classes dev.kiln.bench.micro.BnReductions   (plain Java, no dependencies; prints medians of 21 rounds)
import java.util.Arrays;
import java.util.SplittableRandom;

public class BnReductions {
    static final int N = 128, C = 16, HW = 28 * 28;

    static double oneChain(float[] g, float[] v, int ch, float mu) {
        double a = 0;
        for (int s = 0; s < N; s++) {
            for (int i = (s * C + ch) * HW, end = i + HW; i < end; i++) {
                a += g[i] * (v[i] - mu);
            }
        }
        return a;
    }

    static double fourChains(float[] g, float[] v, int ch, float mu) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (int s = 0; s < N; s++) {
            int i = (s * C + ch) * HW, end = i + HW;
            for (; i + 3 < end; i += 4) {
                a0 += g[i] * (v[i] - mu);
                a1 += g[i + 1] * (v[i + 1] - mu);
                a2 += g[i + 2] * (v[i + 2] - mu);
                a3 += g[i + 3] * (v[i + 3] - mu);
            }
            for (; i < end; i++) {
                a0 += g[i] * (v[i] - mu);
            }
        }
        return (a0 + a1) + (a2 + a3);
    }

    static double sumFour(float[] g, int ch) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (int s = 0; s < N; s++) {
            int i = (s * C + ch) * HW, end = i + HW;
            for (; i + 3 < end; i += 4) {
                a0 += g[i];
                a1 += g[i + 1];
                a2 += g[i + 2];
                a3 += g[i + 3];
            }
            for (; i < end; i++) {
                a0 += g[i];
            }
        }
        return (a0 + a1) + (a2 + a3);
    }

    static double bothOneLoopTwoChains(float[] g, float[] v, int ch, float mu) {
        double a = 0, b = 0;
        for (int s = 0; s < N; s++) {
            for (int i = (s * C + ch) * HW, end = i + HW; i < end; i++) {
                a += g[i];
                b += g[i] * (v[i] - mu);
            }
        }
        return a + b;
    }

    static double bothOneLoopEightChains(float[] g, float[] v, int ch, float mu) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        for (int s = 0; s < N; s++) {
            int i = (s * C + ch) * HW, end = i + HW;
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
        return (a0 + a1) + (a2 + a3) + (b0 + b1) + (b2 + b3);
    }

    static double median(double[] t) {
        double[] c = t.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    public static void main(String[] args) {
        SplittableRandom r = new SplittableRandom(1);
        float[] g = new float[N * C * HW], v = new float[N * C * HW];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) r.nextGaussian();
            v[i] = (float) r.nextGaussian();
        }
        int rounds = 21;
        double[] one = new double[rounds], four = new double[rounds];
        double sink = 0;
        for (int k = -5; k < rounds; k++) {
            long t0 = System.nanoTime();
            for (int ch = 0; ch < C; ch++) sink += oneChain(g, v, ch, 0.1f);
            long t1 = System.nanoTime();
            for (int ch = 0; ch < C; ch++) sink += fourChains(g, v, ch, 0.1f);
            long t2 = System.nanoTime();
            if (k >= 0) {
                one[k] = (t1 - t0) / 1e6;
                four[k] = (t2 - t1) / 1e6;
            }
        }
        double[] twoChains = new double[rounds], twoPasses = new double[rounds], eight = new double[rounds];
        for (int k = -5; k < rounds; k++) {
            long t0 = System.nanoTime();
            for (int ch = 0; ch < C; ch++) sink += bothOneLoopTwoChains(g, v, ch, 0.1f);
            long t1 = System.nanoTime();
            for (int ch = 0; ch < C; ch++) sink += sumFour(g, ch) + fourChains(g, v, ch, 0.1f);
            long t2 = System.nanoTime();
            for (int ch = 0; ch < C; ch++) sink += bothOneLoopEightChains(g, v, ch, 0.1f);
            long t3 = System.nanoTime();
            if (k >= 0) {
                twoChains[k] = (t1 - t0) / 1e6;
                twoPasses[k] = (t2 - t1) / 1e6;
                eight[k] = (t3 - t2) / 1e6;
            }
        }
        System.out.printf("backward's two sums over [128,16,28,28], one thread: one loop of two chains %.2f ms, two passes of four chains %.2f ms,"
                + " one loop of eight chains %.2f ms (median of %d)%n", median(twoChains), median(twoPasses), median(eight), rounds);
        Arrays.sort(one);
        Arrays.sort(four);
        System.out.printf("one pass of sum(dy*(x-mu)) over [128,16,28,28], one thread: one chain %.2f ms, four chains %.2f ms (median of %d), %.2fx%n",
                one[rounds / 2], four[rounds / 2], rounds, one[rounds / 2] / four[rounds / 2]);
        if (sink == 42) System.out.println();
    }
}
