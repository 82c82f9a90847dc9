package dev.kiln.bench;

import java.util.Arrays;

/**
 * Warm-up runs, then timed runs; the median in milliseconds. Timings print, they are never
 * asserted. The warm-up lasts at least {@code warmup} runs and, when {@code warmupSeconds} is
 * above 0, until that much time has passed as well (at most {@link #MAX_WARMUP} runs): a JVM
 * compiles a hot loop after enough of its iterations, so a small batch needs more untimed steps
 * than a large one before its timings settle.
 */
public record Timer(int warmup, int repeats, double warmupSeconds) {
    /** The most untimed runs the time floor adds. */
    public static final int MAX_WARMUP = 500;

    public Timer {
        if (warmup < 0 || repeats < 1 || !(warmupSeconds >= 0)) {
            throw new IllegalArgumentException("warm-up must be ≥ 0 runs and ≥ 0 s, and repeats ≥ 1, but got " + warmup
                    + ", " + warmupSeconds + " s and " + repeats);
        }
    }

    /** {@code warmup} untimed runs, no time floor. */
    public Timer(int warmup, int repeats) {
        this(warmup, repeats, 0);
    }

    /** The median wall time of {@code repeats} runs of {@code r} after the warm-up, in ms. */
    public double median(Runnable r) {
        return median(runs(r));
    }

    /** The wall times of {@code repeats} runs of {@code r} after the warm-up, in ms, sorted. */
    public double[] runs(Runnable r) {
        long start = System.nanoTime();
        long floor = (long) (warmupSeconds * 1e9);
        for (int i = 0; i < warmup || (System.nanoTime() - start < floor && i < MAX_WARMUP); i++) {
            r.run();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    /** Timed calls for a latency figure: at batch 1 at least {@link #LATENCY_CALLS}, so that a 99th percentile means something. */
    public static final int LATENCY_CALLS = 300;

    /** The median and 99th percentile of one call, in ms ({@code p99} negative where there were too few calls for one). */
    public record Latency(double median, double p99) {}

    /** {@code r}'s latency: at batch 1 over {@link #LATENCY_CALLS} calls or more, with its 99th percentile; else the median alone. */
    public Latency latency(Runnable r, int batch) {
        Timer t = batch == 1 ? new Timer(warmup, Math.max(repeats, LATENCY_CALLS), warmupSeconds) : this;
        double[] ms = t.runs(r);
        return new Latency(median(ms), batch == 1 ? percentile(ms, 0.99) : -1);
    }

    /** The {@code q} quantile of sorted values, the nearest rank: the smallest value at or above a share {@code q} of them. */
    public static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
