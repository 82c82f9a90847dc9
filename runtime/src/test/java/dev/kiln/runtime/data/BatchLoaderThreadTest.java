package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The background loader: where filling happens, that it runs ahead, failures, shutdown. */
class BatchLoaderThreadTest {
    private static Dataset data(int n) {
        return data("tiny", n);
    }

    private static Dataset data(String name, int n) {
        return Dataset.of(name, new byte[n * 4], new int[n], 1, 2, 2, 10);
    }

    private static BatchOptions options(boolean prefetch) {
        return new BatchOptions(2, 1, true, Normalization.scaleOnly(1), Augmentation.NONE, prefetch);
    }

    private static List<Thread> loaderThreads(String name) {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("kiln-batch-loader[" + name + "]")) {
                out.add(t);
            }
        }
        return out;
    }

    @Test
    void theNextBatchIsFilledInTheBackgroundWhileTheCallerHoldsThisOne() throws Exception {
        CountDownLatch secondFilled = new CountDownLatch(1);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        BatchLoader.Filler filler = (order, from, slot, rng) -> {
            threads.add(Thread.currentThread().getName());
            if (from == 2) {
                secondFilled.countDown();
            }
        };
        try (BatchLoader loader = new BatchLoader(data(6), options(true), filler)) {
            Iterator<Batch> it = loader.epoch(0).iterator();
            it.next();
            assertTrue(secondFilled.await(10, TimeUnit.SECONDS), "batch 1 was not prepared while the caller held batch 0");
            it.next();
            it.next();
            assertFalse(it.hasNext());
        }
        assertEquals(List.of("kiln-batch-loader[tiny]", "kiln-batch-loader[tiny]", "kiln-batch-loader[tiny]"), threads);
    }

    @Test
    void withoutPrefetchTheCallerFillsAndNoThreadStarts() {
        List<String> threads = new ArrayList<>();
        BatchLoader.Filler filler = (order, from, slot, rng) -> threads.add(Thread.currentThread().getName());
        try (BatchLoader loader = new BatchLoader(data(4), options(false), filler)) {
            int batches = 0;
            for (Batch b : loader.epoch(0)) {
                batches += b.size() == 2 ? 1 : 0;
            }
            assertEquals(2, batches);
        }
        assertEquals(List.of(Thread.currentThread().getName(), Thread.currentThread().getName()), threads);
    }

    @ParameterizedTest(name = "prefetch {0}")
    @ValueSource(booleans = {true, false})
    void aFailureWhileFillingSurfacesInTheCaller(boolean prefetch) {
        RuntimeException boom = new IllegalArgumentException("boom");
        BatchLoader.Filler filler = (order, from, slot, rng) -> {
            if (from == 4) {
                throw boom;
            }
        };
        try (BatchLoader loader = new BatchLoader(data(8), options(prefetch), filler)) {
            Iterator<Batch> it = loader.epoch(3).iterator();
            it.next();
            it.next();
            IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
            assertSame(boom, e.getCause());
            assertEquals("loading batch 2 of epoch 3 of tiny failed: java.lang.IllegalArgumentException: boom", e.getMessage());
            assertFalse(it.hasNext());
            IllegalStateException after = assertThrows(IllegalStateException.class, it::next);
            assertEquals("epoch 3 of tiny stopped after a failed batch", after.getMessage());
            Iterator<Batch> again = loader.epoch(4).iterator();
            assertEquals(2, again.next().size(), "a later epoch starts afresh");
        }
    }

    @Test
    void closeStopsTheLoaderThreadEvenMidEpoch() throws Exception {
        BatchLoader loader = new BatchLoader(data("closing", 10), options(true));
        Iterator<Batch> it = loader.epoch(0).iterator();
        it.next();
        assertEquals(1, loaderThreads("closing").size());
        loader.close();
        for (Thread t : loaderThreads("closing")) {
            t.join(10_000);
            assertFalse(t.isAlive(), "the loader thread outlived close()");
        }
        assertTrue(loaderThreads("closing").isEmpty());
    }
}
