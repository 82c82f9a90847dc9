package dev.kiln.runtime;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference from many threads: a fixed set of {@link Network#replica() replicas} of one network,
 * each used by one thread at a time. {@link #predict} borrows an idle replica (waiting while all
 * are busy), runs it and returns a copy of the logits, which the caller owns.
 *
 * <p>The replicas share the source network's parameters and running statistics, so a checkpoint
 * loaded into the source, or a training step on it, is what the next prediction sees; but a
 * training step that runs while the pool predicts is a data race (predictions may mix old and
 * new weights). Train, then predict. The source network itself is not one of the replicas: its
 * owner may keep using it on one thread.
 *
 * <p>Each replica costs the network's gradient arrays and its own buffers for every batch size
 * it sees ({@link Network#trainingBytes} bounds both). Thread-safe; waiting threads block on a
 * condition, they do not spin.
 */
public final class PredictorPool implements AutoCloseable {
    private final String name;
    private final int size;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    /** Replicas not in use; guarded by {@code lock}. */
    private final ArrayDeque<Network> idle;
    /** Guarded by {@code lock}. */
    private boolean closed;

    /** A pool of one replica of {@code network} per available processor. */
    public PredictorPool(Network network) {
        this(network, Runtime.getRuntime().availableProcessors());
    }

    /** A pool of {@code size} replicas of {@code network}, created now. */
    public PredictorPool(Network network, int size) {
        if (network == null) {
            throw new IllegalArgumentException("PredictorPool: the network must not be null");
        }
        if (size < 1) {
            throw new IllegalArgumentException("PredictorPool(" + network.name() + "): size must be ≥ 1, but is " + size);
        }
        this.name = network.name();
        this.size = size;
        this.idle = new ArrayDeque<>(size);
        for (int i = 0; i < size; i++) {
            Network replica = network.replica();
            if (replica == network || idle.contains(replica)) {
                throw new IllegalArgumentException("PredictorPool(" + name + "): replica() must return a new instance each call");
            }
            idle.push(replica);
        }
    }

    /** How many replicas the pool holds, so how many predictions can run at once. */
    public int size() {
        return size;
    }

    /**
     * The logits {@code [N, classes]} for {@code input}, a new array the caller owns; exactly
     * what {@link Network#predict} on the source network returns. Waits while every replica is
     * busy. Throws {@link IllegalStateException} once the pool is closed, also to threads that
     * were waiting; an interrupted wait restores the interrupt flag and throws
     * {@link IllegalStateException} too.
     */
    public INDArray predict(INDArray input) {
        Network replica = borrow();
        try {
            return replica.predict(input).dup();
        } finally {
            giveBack(replica);
        }
    }

    /** Stops the pool: later and waiting calls throw; calls in progress finish; the replicas are dropped. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            idle.clear();
            returned.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Network borrow() {
        lock.lock();
        try {
            while (!closed && idle.isEmpty()) {
                returned.await();
            }
            if (closed) {
                throw new IllegalStateException("PredictorPool(" + name + "): the pool is closed");
            }
            return idle.pop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("PredictorPool(" + name + "): interrupted while waiting for a replica", e);
        } finally {
            lock.unlock();
        }
    }

    private void giveBack(Network replica) {
        lock.lock();
        try {
            if (!closed) {
                idle.push(replica);
                returned.signal();
            }
        } finally {
            lock.unlock();
        }
    }
}
