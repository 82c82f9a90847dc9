package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How many runs the timer makes: the warm-up count, the time floor and its cap; counts, not speeds. */
class TimerTest {
    @Test
    void withoutATimeFloorTheWarmUpIsItsCount() {
        AtomicInteger runs = new AtomicInteger();
        double[] ms = new Timer(3, 5).runs(runs::incrementAndGet);
        assertEquals(8, runs.get());
        assertEquals(5, ms.length);
    }

    @Test
    void aTimeFloorAddsWarmUpRunsUpToTheCap() {
        AtomicInteger runs = new AtomicInteger();
        new Timer(3, 5, 3600).runs(runs::incrementAndGet);
        assertEquals(Timer.MAX_WARMUP + 5, runs.get(), "a floor no run reaches stops at the cap");
        runs.set(0);
        new Timer(Timer.MAX_WARMUP + 10, 1, 3600).runs(runs::incrementAndGet);
        assertEquals(Timer.MAX_WARMUP + 11, runs.get(), "the count wins when it is larger");
    }

    @Test
    void batchOneLatencyTimesEnoughCallsForA99thPercentile() {
        AtomicInteger runs = new AtomicInteger();
        Timer.Latency one = new Timer(2, 5).latency(runs::incrementAndGet, 1);
        assertEquals(2 + Timer.LATENCY_CALLS, runs.get());
        assertTrue(one.p99() >= one.median());
        runs.set(0);
        assertEquals(-1, new Timer(2, 5).latency(runs::incrementAndGet, 32).p99(), "no percentile from five calls");
        assertEquals(7, runs.get());
    }

    @Test
    void thePercentileIsTheNearestRank() {
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertEquals(99, Timer.percentile(hundred, 0.99));
        assertEquals(100, Timer.percentile(new double[] {1, 2, 3, 100}, 0.99));
        assertEquals(1, Timer.percentile(new double[] {1}, 0.99));
    }

    @Test
    void rejectsNegativeSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Timer(1, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Timer(1, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Timer(-1, 1));
    }
}
