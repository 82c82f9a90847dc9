package dev.kiln.runtime.kernels.loops;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Splits the element-wise kernels' work between the calling thread and one helper thread, the
 * machine's second core: ND4J's convolutions use both cores through OpenMP, and the Java loops
 * between them would otherwise use one. When several threads call at once (replicas on a pool's
 * threads), the helper takes half of one caller's work and the others run theirs whole, instead
 * of queueing for it; a range's result does not depend on the thread that computes it.
 */
public final class TwoThreads {
    private static final ExecutorService HELPER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kiln-kernels");
        t.setDaemon(true);
        return t;
    });

    /** Whether the helper has a caller's half to run. */
    private static final AtomicBoolean BUSY = new AtomicBoolean();

    private TwoThreads() {}

    /** Work over the index range [from, to). */
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code work} over [0, count): the lower half on the helper thread and the upper half
     * here, or all of it here when the helper is busy with another caller's half.
     */
    public static void split(int count, Range work) {
        if (count < 2 || !BUSY.compareAndSet(false, true)) {
            work.run(0, count);
            return;
        }
        int half = count / 2;
        Future<?> lower = HELPER.submit(() -> {
            try {
                work.run(0, half);
            } finally {
                BUSY.set(false);
            }
        });
        try {
            work.run(half, count);
        } finally {
            // The helper writes into the caller's arrays: never return before it is done.
            awaitUninterruptibly(lower);
        }
    }

    private static void awaitUninterruptibly(Future<?> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("Kiln kernels: the helper thread failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
