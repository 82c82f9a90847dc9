package dev.kiln.runtime.kernels.conv;

import java.util.concurrent.atomic.LongAdder;

/**
 * The wall time spent inside {@code Conv2d}'s forward and backward (the checks and whichever
 * engine runs), summed over every instance and thread while switched on: so a benchmark can
 * split a real training step into its convolutions and the rest, timed in place rather than by
 * running the convolutions alone, where they find their tensors in cache. Off, it costs one
 * volatile read a call.
 */
public final class ConvClock {
    private static final LongAdder NANOS = new LongAdder();
    private static volatile boolean on;

    private ConvClock() {}

    /** Starts or stops counting; the sum so far is kept. */
    public static void enable(boolean enabled) {
        on = enabled;
    }

    /** Nanoseconds counted since the start of the process or the last {@link #reset}. */
    public static long nanos() {
        return NANOS.sum();
    }

    public static void reset() {
        NANOS.reset();
    }

    /** A start time when counting, else -1: {@code Conv2d} calls it first thing, and {@link #stop} last. */
    public static long start() {
        return on ? System.nanoTime() : -1;
    }

    /** Adds the time since {@code start} when it was counting. */
    public static void stop(long start) {
        if (start != -1) {
            NANOS.add(System.nanoTime() - start);
        }
    }
}
