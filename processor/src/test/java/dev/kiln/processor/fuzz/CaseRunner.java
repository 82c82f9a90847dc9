package dev.kiln.processor.fuzz;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.annotation.processing.Processor;

/**
 * Compiles one case with a fresh processor ({@link MemoryCompiler}), classifies it ({@link Verdict})
 * and runs a clean one ({@link GeneratedRunner}), all on a worker thread with a time limit: a
 * case that outlives it is a {@link Outcome.Type#HANG}. javac does not answer interrupts, and a
 * runaway thread left alive would slow or starve every later case, so it is stopped with
 * {@link Thread#stop()}, the one tool that ends it (still present in Java 17), and a fresh thread
 * and file manager take over.
 */
final class CaseRunner implements AutoCloseable {
    private final MemoryCompiler compiler = new MemoryCompiler();
    private final Supplier<Processor> processor;
    private final Duration limit;
    private final long memoryBudget;
    private volatile Thread thread;
    private ExecutorService worker = newWorker();
    private volatile long compileNanos;
    private volatile long runNanos;

    /**
     * @param processor    a new processor per compilation (processors keep state across rounds)
     * @param limit        the longest one case may take
     * @param memoryBudget the most bytes a generated network may need to be created and run
     */
    CaseRunner(Supplier<Processor> processor, Duration limit, long memoryBudget) {
        this.processor = processor;
        this.limit = limit;
        this.memoryBudget = memoryBudget;
    }

    Outcome run(SourceSet sources, long seed) {
        return run(sources, seed, limit);
    }

    /** As {@link #run(SourceSet, long)}, with a limit of its own. */
    Outcome run(SourceSet sources, long seed, Duration limit) {
        Future<Outcome> f = worker.submit(() -> compileAndRun(sources, seed));
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            stop(thread);
            worker = newWorker();
            compiler.renew();
            return Outcome.of(Outcome.Type.HANG, "no result after " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Outcome.of(Outcome.Type.CRASH, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fuzzing", e);
        }
    }

    private Outcome compileAndRun(SourceSet sources, long seed) {
        MemoryCompiler.Result c;
        long start = System.nanoTime();
        try {
            c = compiler.compile(sources.inputs(), processor.get());
        } catch (RuntimeException | Error e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return Outcome.of(Outcome.Type.CRASH, e + (root != e ? " caused by " + root : "")
                    + (root.getStackTrace().length > 0 ? " at " + root.getStackTrace()[0] : ""));
        }
        long compiled = System.nanoTime();
        compileNanos += compiled - start;
        Outcome verdict = Verdict.of(c);
        Outcome o = verdict != null ? verdict : GeneratedRunner.run(c.classes(), sources, seed, memoryBudget);
        runNanos += System.nanoTime() - compiled;
        return o;
    }

    /** Seconds spent compiling and seconds spent checking and running the output, over all cases so far. */
    String timing() {
        return String.format(java.util.Locale.ROOT, "compiling %.1f s, running generated classes %.1f s", compileNanos / 1e9, runNanos / 1e9);
    }

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "kiln-fuzz-case");
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
            // Java 20 and later: the thread is left to finish on its own.
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
