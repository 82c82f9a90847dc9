package dev.kiln.runtime;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Catches a second thread entering a network while another thread is inside it. A generated
 * network writes every call into buffers it owns, so two overlapping calls would return each
 * other's numbers without any error; with the guard the second one throws instead.
 *
 * <p>Cost: one compare-and-set on entry and one write on exit. Calls nest on the owning thread
 * ({@code trainStep} calls {@code trainForward}); the outermost {@link #exit} releases. Use it
 * as {@code guard.enter("predict"); try { … } finally { guard.exit(); }}.
 *
 * <p>It detects overlap, it does not prevent it: a call that starts after another has ended
 * passes, whatever thread makes it. Concurrent inference is what {@link Network#replica()} and
 * {@link PredictorPool} are for.
 */
public final class ConcurrentUseGuard {
    private final String network;
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    /** Calls in progress on the owning thread; read and written only by that thread. */
    private int depth;

    /** A guard for the network named {@code network} (its {@link Network#name()}), used in messages. */
    public ConcurrentUseGuard(String network) {
        this.network = network;
    }

    /**
     * Marks the calling thread as inside {@code method}, or throws {@link IllegalStateException}
     * when another thread is inside the network.
     */
    public void enter(String method) {
        Thread me = Thread.currentThread();
        if (owner.get() == me) {
            depth++;
            return;
        }
        if (!owner.compareAndSet(null, me)) {
            Thread other = owner.get();
            throw new IllegalStateException(network + "." + method + ": called on thread '" + me.getName() + "' while "
                    + (other == null ? "another thread" : "thread '" + other.getName() + "'")
                    + " is inside this network; an instance runs one call at a time, so give each thread its own"
                    + " replica() or share a PredictorPool");
        }
        depth = 1;
    }

    /** Ends the call {@link #enter} began; the outermost one frees the network for any thread. */
    public void exit() {
        if (owner.get() != Thread.currentThread()) {
            throw new IllegalStateException(network + ": exit() on a thread that is not inside the network");
        }
        if (--depth == 0) {
            owner.set(null);
        }
    }
}
