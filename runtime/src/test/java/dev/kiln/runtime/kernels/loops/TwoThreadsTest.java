package dev.kiln.runtime.kernels.loops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class TwoThreadsTest {
    @Test
    void everyIndexRunsOnceFromManyCallersAtOnce() throws Exception {
        int callers = 8;
        int count = 1001;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<AtomicIntegerArray>> results = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                results.add(pool.submit(() -> {
                    AtomicIntegerArray seen = new AtomicIntegerArray(count);
                    for (int round = 0; round < 50; round++) {
                        TwoThreads.split(count, (from, to) -> {
                            for (int i = from; i < to; i++) {
                                seen.incrementAndGet(i);
                            }
                        });
                    }
                    return seen;
                }));
            }
            for (Future<AtomicIntegerArray> f : results) {
                AtomicIntegerArray seen = f.get();
                for (int i = 0; i < count; i++) {
                    assertEquals(50, seen.get(i), "index " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailureOnTheHelperReachesTheCallerAndTheHelperIsFreeAgain() {
        RuntimeException boom = new RuntimeException("boom");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TwoThreads.split(10, (from, to) -> {
            if (from == 0) {
                throw boom;
            }
        }));
        assertSame(boom, e.getCause());
        AtomicBoolean helperRan = new AtomicBoolean();
        Thread caller = Thread.currentThread();
        TwoThreads.split(10, (from, to) -> {
            if (Thread.currentThread() != caller) {
                helperRan.set(true);
            }
        });
        assertTrue(helperRan.get(), "the helper takes work again after a failure");
    }

    @Test
    void theCallerWaitsForTheHelperEvenWhenItsOwnHalfFails() {
        AtomicBoolean helperDone = new AtomicBoolean();
        RuntimeException mine = assertThrows(RuntimeException.class, () -> TwoThreads.split(2, (from, to) -> {
            if (from == 0) {
                sleep(200);
                helperDone.set(true);
            } else {
                throw new RuntimeException("caller's half");
            }
        }));
        assertEquals("caller's half", mine.getMessage());
        assertTrue(helperDone.get(), "split returned before the helper's half was done");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
