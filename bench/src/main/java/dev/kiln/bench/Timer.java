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

    public static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
