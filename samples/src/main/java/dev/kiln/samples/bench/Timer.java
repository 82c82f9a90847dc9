package dev.kiln.samples.bench;

import java.util.Arrays;

/** Warm-up runs, then timed runs; the median in milliseconds. Timings print, they are never asserted. */
public record Timer(int warmup, int repeats) {
    public Timer {
        if (warmup < 0 || repeats < 1) {
            throw new IllegalArgumentException("warm-up must be ≥ 0 and repeats ≥ 1, but got " + warmup + " and " + repeats);
        }
    }

    /** The median wall time of {@code repeats} runs of {@code r} after {@code warmup} untimed ones, in ms. */
    public double median(Runnable r) {
        return median(runs(r));
    }

    /** The wall times of {@code repeats} runs of {@code r} after {@code warmup} untimed ones, in ms, sorted. */
    public double[] runs(Runnable r) {
        for (int i = 0; i < warmup; i++) {
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
