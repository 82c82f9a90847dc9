package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.testing.ScaleNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The pool against {@link ScaleNetwork}, whose predict is guarded like a generated network's: a
 * replica handed to two threads at once would throw. Blocking is checked by holding replicas
 * inside predict with latches and waiting for the blocked thread to park, not by sleeping.
 */
class PredictorPoolTest {

    private static INDArray row(float... values) {
        return Nd4j.createFromArray(values).reshape(1, values.length);
    }

    @Test
    void badArgumentsAreRefused() {
        ScaleNetwork net = new ScaleNetwork(2);
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new PredictorPool(net, 0));
        assertEquals("PredictorPool(ScaleNet): size must be ≥ 1, but is 0", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PredictorPool(net, -3));
        assertThrows(IllegalArgumentException.class, () -> new PredictorPool(null, 2));
        assertEquals(0, net.replicas.get(), "no replicas made for a refused size");
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> new PredictorPool(ScaleNetwork.replicatingItself(2), 2));
        assertEquals("PredictorPool(ScaleNet): replica() must return a new instance each call", same.getMessage());
    }

    @Test
    void defaultSizeIsOnePerProcessorAndEveryMemberIsAReplica() {
        ScaleNetwork net = new ScaleNetwork(2);
        try (PredictorPool pool = new PredictorPool(net)) {
            assertEquals(Runtime.getRuntime().availableProcessors(), pool.size());
            assertEquals(pool.size(), net.replicas.get());
        }
    }

    @Test
    void theResultIsACopyTheCallerOwns() {
        try (PredictorPool pool = new PredictorPool(new ScaleNetwork(2), 1)) {
            INDArray first = pool.predict(row(1, 2, 3));
            INDArray second = pool.predict(row(10, 20, 30));
            assertEquals(row(2, 4, 6), first, "overwritten by the next prediction");
            assertEquals(row(20, 40, 60), second);
        }
    }

    @Test
    void aWeightChangedInTheSourceIsSeenThroughThePool() {
        ScaleNetwork net = new ScaleNetwork(2);
        try (PredictorPool pool = new PredictorPool(net, 2)) {
            assertEquals(row(2), pool.predict(row(1)));
            net.scale.assign(5);
            assertEquals(row(5), pool.predict(row(1)));
        }
    }

    @Test
    void aFailedPredictionGivesItsReplicaBack() {
        try (PredictorPool pool = new PredictorPool(new ScaleNetwork(2), 1)) {
            INDArray doubles = Nd4j.createFromArray(1.0, 2.0).reshape(1, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.predict(doubles));
            assertEquals("ScaleNet: input must be FLOAT, but is DOUBLE", e.getMessage());
            assertEquals(row(2, 4), pool.predict(row(1, 2)), "the only replica is back");
        }
    }

    @Test
    void aCallWaitsWhileEveryReplicaIsBusy() throws Exception {
        ScaleNetwork net = new ScaleNetwork(2);
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        net.hold(entered, release);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try (PredictorPool pool = new PredictorPool(net, 2)) {
            Future<INDArray> a = threads.submit(() -> pool.predict(row(1)));
            Future<INDArray> b = threads.submit(() -> pool.predict(row(2)));
            assertTrue(entered.await(10, TimeUnit.SECONDS), "both replicas busy");
            AtomicReference<Thread> third = new AtomicReference<>();
            Future<INDArray> c = threads.submit(() -> {
                third.set(Thread.currentThread());
                return pool.predict(row(3));
            });
            awaitParked(third);
            assertFalse(c.isDone());
            assertEquals(2, net.inside.get(), "the third call is not inside a replica");
            release.countDown();
            assertEquals(row(2), a.get(10, TimeUnit.SECONDS));
            assertEquals(row(4), b.get(10, TimeUnit.SECONDS));
            assertEquals(row(6), c.get(10, TimeUnit.SECONDS));
            assertEquals(2, net.mostInside.get());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void closingFailsLaterAndWaitingCalls() throws Exception {
        ScaleNetwork net = new ScaleNetwork(2);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        net.hold(entered, release);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        PredictorPool pool = new PredictorPool(net, 1);
        try {
            Future<INDArray> running = threads.submit(() -> pool.predict(row(1)));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            AtomicReference<Thread> waiter = new AtomicReference<>();
            Future<INDArray> waiting = threads.submit(() -> {
                waiter.set(Thread.currentThread());
                return pool.predict(row(2));
            });
            awaitParked(waiter);
            pool.close();
            Exception e = assertThrows(Exception.class, () -> waiting.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
            assertEquals("PredictorPool(ScaleNet): the pool is closed", e.getCause().getMessage());
            release.countDown();
            assertEquals(row(2), running.get(10, TimeUnit.SECONDS), "a call in progress finishes");
            IllegalStateException later = assertThrows(IllegalStateException.class, () -> pool.predict(row(3)));
            assertEquals("PredictorPool(ScaleNet): the pool is closed", later.getMessage());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anInterruptedWaitThrowsAndKeepsTheFlag() throws Exception {
        ScaleNetwork net = new ScaleNetwork(2);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        net.hold(entered, release);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (PredictorPool pool = new PredictorPool(net, 1)) {
            threads.submit(() -> pool.predict(row(1)));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            AtomicReference<Thread> waiter = new AtomicReference<>();
            Future<Boolean> flagKept = threads.submit(() -> {
                waiter.set(Thread.currentThread());
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.predict(row(2)));
                assertEquals("PredictorPool(ScaleNet): interrupted while waiting for a replica", e.getMessage());
                return Thread.currentThread().isInterrupted();
            });
            awaitParked(waiter);
            waiter.get().interrupt();
            assertTrue(flagKept.get(10, TimeUnit.SECONDS));
            release.countDown();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void manyThreadsNeverShareAReplica() throws Exception {
        ScaleNetwork net = new ScaleNetwork(3);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (PredictorPool pool = new PredictorPool(net, 3)) {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                wrong.add(threads.submit(() -> {
                    int mismatches = 0;
                    for (int i = 0; i < 500; i++) {
                        float x = thread * 1000 + i;
                        if (pool.predict(row(x, -x)).getFloat(0) != 3 * x) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<Integer> f : wrong) {
                assertEquals(0, f.get(60, TimeUnit.SECONDS), "wrong results");
            }
            assertTrue(net.mostInside.get() <= 3, "at most one call per replica, saw " + net.mostInside.get());
        } finally {
            threads.shutdownNow();
        }
    }

    /** Waits until {@code thread} is set and parked on the pool's condition. */
    private static void awaitParked(AtomicReference<Thread> thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.get() == null || thread.get().getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "the call did not start waiting within 10 s");
            Thread.sleep(1);
        }
    }
}
