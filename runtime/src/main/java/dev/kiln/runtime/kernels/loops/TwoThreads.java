package dev.kiln.runtime.kernels.loops;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits the element-wise kernels' work between the calling thread and one helper thread, the
 * machine's second core: ND4J's convolutions use both cores through OpenMP, and the Java loops
 * between them would otherwise use one. When several threads call at once (replicas on a pool's
 * threads), the helper takes half of one caller's work and the others run theirs whole, instead
 * of queueing for it; a range's result does not depend on the thread that computes it. The
 * hand-off is two fields and a park/unpark each way, so a split makes no garbage (an executor's
 * task, future and queue node would be three objects a call).
 */
public final class TwoThreads {
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
        Helper helper = Helper.INSTANCE;
        int half = count / 2;
        helper.hand(work, half, Thread.currentThread());
        try {
            work.run(half, count);
        } finally {
            // The helper writes into the caller's arrays: never return before it is done.
            Throwable failure = helper.awaitUninterruptibly();
            BUSY.set(false);
            if (failure != null) {
                throw new IllegalStateException("Kiln kernels: the helper thread failed", failure);
            }
        }
    }

    /** The second core's thread: runs [0, half) of one caller's work at a time. */
    private static final class Helper extends Thread {
        static final Helper INSTANCE = new Helper();

        private volatile Range work;
        private int half;
        private Thread caller;
        private Throwable failure;
        private volatile boolean done;

        private Helper() {
            super("kiln-kernels");
            setDaemon(true);
            start();
        }

        /** Gives the helper [0, half) of {@code w}; the fields written before the volatile {@code work} are seen with it. */
        void hand(Range w, int half, Thread caller) {
            this.half = half;
            this.caller = caller;
            this.failure = null;
            this.done = false;
            this.work = w;
            LockSupport.unpark(this);
        }

        /** Waits for the handed half, keeping an interrupt for the caller; the helper's failure, or null. */
        Throwable awaitUninterruptibly() {
            boolean interrupted = false;
            while (!done) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return failure;
        }

        @Override
        public void run() {
            while (true) {
                Range w = work;
                if (w == null) {
                    LockSupport.park(this);
                    continue;
                }
                try {
                    w.run(0, half);
                } catch (Throwable t) {
                    failure = t;
                }
                work = null;
                Thread c = caller;
                caller = null;
                done = true;
                LockSupport.unpark(c);
            }
        }
    }
}
