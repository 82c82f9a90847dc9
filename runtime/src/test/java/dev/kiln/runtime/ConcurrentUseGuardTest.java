package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The guard lets one thread in at a time, nests on that thread, and names both threads when it refuses. */
class ConcurrentUseGuardTest {

    /** What {@code guard.enter(method)} does on a new thread: null, or what it threw. */
    private static Throwable enterOnAnotherThread(ConcurrentUseGuard guard, String method) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                guard.enter(method);
                guard.exit();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "second");
        t.start();
        t.join();
        return thrown.get();
    }

    @Test
    void aSecondThreadIsRefusedWhileTheFirstIsInside() throws InterruptedException {
        ConcurrentUseGuard guard = new ConcurrentUseGuard("LeNet");
        guard.enter("trainStep");
        Throwable e = enterOnAnotherThread(guard, "predict");
        assertTrue(e instanceof IllegalStateException, String.valueOf(e));
        String first = Thread.currentThread().getName();
        assertEquals("LeNet.predict: called on thread 'second' while thread '" + first + "' is inside this network;"
                + " an instance runs one call at a time, so give each thread its own replica() or share a PredictorPool",
                e.getMessage());
        guard.exit();
        assertNull(enterOnAnotherThread(guard, "predict"), "after exit another thread may enter");
    }

    @Test
    void callsNestOnTheOwningThreadAndTheOutermostExitReleases() throws InterruptedException {
        ConcurrentUseGuard guard = new ConcurrentUseGuard("LeNet");
        guard.enter("trainStep");
        guard.enter("trainForward");
        guard.exit();
        assertTrue(enterOnAnotherThread(guard, "predict") instanceof IllegalStateException,
                "still inside trainStep after trainForward returned");
        guard.exit();
        assertNull(enterOnAnotherThread(guard, "predict"));
    }

    @Test
    void sequentialCallsFromDifferentThreadsPass() throws InterruptedException {
        ConcurrentUseGuard guard = new ConcurrentUseGuard("LeNet");
        for (int i = 0; i < 3; i++) {
            assertNull(enterOnAnotherThread(guard, "predict"));
            guard.enter("predict");
            guard.exit();
        }
    }

    @Test
    void exitWithoutEnterIsAnError() {
        ConcurrentUseGuard guard = new ConcurrentUseGuard("LeNet");
        IllegalStateException e = assertThrows(IllegalStateException.class, guard::exit);
        assertEquals("LeNet: exit() on a thread that is not inside the network", e.getMessage());
    }
}
