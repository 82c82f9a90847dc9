package dev.kiln.runtime.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Serves a {@link Dataset} in batches, one epoch at a time:
 * {@code for (Batch b : loader.epoch(e)) net.trainStep(b.features(), b.labels(), sgd);}
 *
 * <p>Epoch e draws from {@code new SplittableRandom(seed + e)}: first a Fisher–Yates shuffle
 * (when shuffling), then each example's augmentation in batch order, so the same seed and epoch
 * give the same batches, prefetched or not. Batches are {@code [B,C,H,W]} FLOAT features and
 * {@code [B]} INT32 labels written into arrays allocated once: two full-size sets used in turn,
 * and one set for the last, smaller batch when the size does not divide the data.
 *
 * <p>With prefetching, one background thread fills the next batch while the caller uses the
 * current one; a failure there surfaces from {@code next()} in the caller, wrapped in an
 * {@link IllegalStateException} with the original as cause. Starting an epoch ends the previous
 * one. A loader serves one consumer thread; {@link #close()} stops its thread.
 */
public final class BatchLoader implements AutoCloseable {
    /** Fills one slot with the examples {@code order[from …]}; the hook tests replace. */
    interface Filler {
        void fill(int[] order, int from, Slot slot, SplittableRandom rng);
    }

    private final Dataset data;
    private final BatchOptions options;
    private final Filler filler;
    private final Slot[] full;
    private final Slot last;
    private final ExecutorService worker;
    private Run current;
    private boolean closed;

    public BatchLoader(Dataset data, BatchOptions options) {
        this(data, options, new BatchFiller(data, options.normalization(), options.augmentation()));
    }

    BatchLoader(Dataset data, BatchOptions options, Filler filler) {
        if (data.size() == 0) {
            throw new IllegalArgumentException(data.name() + ": no examples to make batches of");
        }
        this.data = data;
        this.options = options;
        this.filler = filler;
        int b = options.batchSize();
        this.full = new Slot[data.size() < b ? 0 : options.prefetch() ? 2 : 1];
        for (int i = 0; i < full.length; i++) {
            full[i] = new Slot(b, data.channels(), data.height(), data.width());
        }
        int rest = data.size() % b;
        this.last = rest == 0 ? null : new Slot(rest, data.channels(), data.height(), data.width());
        this.worker = options.prefetch() ? Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "kiln-batch-loader[" + data.name() + "]");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Batches per epoch, the last one smaller when the batch size does not divide the data. */
    public int batchesPerEpoch() {
        return (data.size() + options.batchSize() - 1) / options.batchSize();
    }

    /** The order in which epoch {@code epoch} visits the examples: a seeded permutation, or 0..n−1 without shuffling. */
    public int[] order(int epoch) {
        return permutation(new SplittableRandom(options.seed() + epoch));
    }

    /** The batches of epoch {@code epoch}; each {@code iterator()} (re)starts it and ends any other epoch. */
    public Iterable<Batch> epoch(int epoch) {
        return () -> start(epoch);
    }

    private Iterator<Batch> start(int epoch) {
        if (closed) {
            throw new IllegalStateException("this batch loader for " + data.name() + " is closed");
        }
        if (current != null) {
            current.abandon();
        }
        current = new Run(epoch);
        return current;
    }

    /** Stops the background thread, waiting for a batch being filled; the batches' arrays become invalid. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (current != null) {
            current.abandon();
        }
        if (worker != null) {
            worker.shutdown();
            try {
                if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                    worker.shutdownNow();
                }
            } catch (InterruptedException e) {
                worker.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private int[] permutation(SplittableRandom rng) {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; options.shuffle() && i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** One pass over the data: the iterator {@link #epoch} hands out. */
    private final class Run implements Iterator<Batch> {
        private final int epoch;
        private final SplittableRandom rng;
        private final int[] order;
        private final int count = batchesPerEpoch();
        private int next;
        private Future<Slot> pending;
        private boolean failed;

        Run(int epoch) {
            this.epoch = epoch;
            this.rng = new SplittableRandom(options.seed() + epoch);
            this.order = permutation(rng);
            if (worker != null) {
                pending = worker.submit(() -> fill(0));
            }
        }

        @Override
        public boolean hasNext() {
            return next < count && !failed && current == this && !closed;
        }

        @Override
        public Batch next() {
            if (current != this || closed) {
                throw new IllegalStateException("epoch " + epoch + " of " + data.name() + " is over: "
                        + (closed ? "the loader is closed" : "a later epoch(…) iteration started"));
            }
            if (failed) {
                throw new IllegalStateException("epoch " + epoch + " of " + data.name() + " stopped after a failed batch");
            }
            if (next >= count) {
                throw new NoSuchElementException("epoch " + epoch + " has " + count + " batches");
            }
            Slot slot = worker == null ? fillHere() : await();
            next++;
            if (worker != null && next < count) {
                int k = next;
                pending = worker.submit(() -> fill(k));
            }
            return slot.batch;
        }

        private Slot fill(int k) {
            Slot slot = k == count - 1 && last != null ? last : full[k % full.length];
            filler.fill(order, k * options.batchSize(), slot, rng);
            return slot;
        }

        private Slot fillHere() {
            try {
                return fill(next);
            } catch (RuntimeException e) {
                throw failure(e);
            }
        }

        private Slot await() {
            try {
                return pending.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error) {
                    failed = true;
                    throw (Error) e.getCause();
                }
                throw failure(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(e);
            } finally {
                pending = null;
            }
        }

        private IllegalStateException failure(Throwable cause) {
            failed = true;
            return new IllegalStateException("loading batch " + next + " of epoch " + epoch + " of " + data.name()
                    + " failed: " + cause, cause);
        }

        /** No more batches from this run; a batch being filled finishes on the worker, which runs one task at a time. */
        void abandon() {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }
    }
}
