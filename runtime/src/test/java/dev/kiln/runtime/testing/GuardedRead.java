package dev.kiln.runtime.testing;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bytedeco.javacpp.Pointer;

/**
 * Runs one read of a corrupt file on a worker thread, with a time limit, and measures what it
 * allocated: heap bytes on that thread (HotSpot's per-thread counter) and off-heap bytes through
 * JavaCPP (where ND4J arrays live). A read that outlives the limit is stopped.
 */
public final class GuardedRead implements AutoCloseable {
    /** How a read ended: its value or the exception it threw, or that it hung, and what it allocated. */
    public record Attempt<T>(T value, Throwable error, boolean hung, long heapBytes, long offHeapBytes) {}

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Duration limit;
    private volatile Thread thread;
    private ExecutorService worker = newWorker();

    public GuardedRead(Duration limit) {
        this.limit = limit;
    }

    public <T> Attempt<T> run(Callable<T> read) {
        Future<Attempt<T>> f = worker.submit(() -> {
            long heap = THREADS.getCurrentThreadAllocatedBytes();
            long offHeap = Pointer.totalBytes();
            T value = null;
            Throwable error = null;
            try {
                value = read.call();
            } catch (Throwable t) {
                error = t;
            }
            return new Attempt<>(value, error, false, THREADS.getCurrentThreadAllocatedBytes() - heap,
                    Math.max(0, Pointer.totalBytes() - offHeap));
        });
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            stop(thread);
            worker = newWorker();
            return new Attempt<>(null, null, true, 0, 0);
        } catch (ExecutionException e) {
            return new Attempt<>(null, e.getCause(), false, 0, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "kiln-file-fuzz");
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    @SuppressWarnings("deprecation")
    private static void stop(Thread t) {
        try {
            t.stop();
        } catch (UnsupportedOperationException newerJava) {
            // Java 20 and later: left to finish on its own.
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
