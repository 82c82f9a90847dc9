package dev.kiln.runtime.kernels;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits the element-wise kernels' work between the calling thread and one helper thread, the
 * machine's second core: ND4J's convolutions use both cores through OpenMP, and the Java loops
 * between them would otherwise use one. Several callers (replicas on a pool's threads) share the
 * helper, each then waiting its turn for the helper's half.
 */
final class TwoThreads {
    private static final ExecutorService HELPER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kiln-kernels");
        t.setDaemon(true);
        return t;
    });

    private TwoThreads() {}

    /** Work over the index range [from, to). */
    interface Range {
        void run(int from, int to);
    }

    /** Runs {@code work} over [0, count): the lower half on the helper thread, the upper half here. */
    static void split(int count, Range work) {
        if (count < 2) {
            work.run(0, count);
            return;
        }
        int half = count / 2;
        Future<?> lower = HELPER.submit(() -> work.run(0, half));
        work.run(half, count);
        try {
            lower.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Kiln kernels: interrupted while waiting for the helper thread", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kiln kernels: the helper thread failed", e.getCause());
        }
    }
}
