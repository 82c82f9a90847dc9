package dev.kiln.samples.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.train.Sgd;
import dev.kiln.samples.models.KilnOneBlockResNet;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two threads on one network: the second gets an {@link IllegalStateException} instead of
 * numbers from the first's buffers. Deterministic: the first thread's input is an array that,
 * the first time the network looks at it (inside {@code predict}, after the guard), says so and
 * waits until the test has made its calls; only then does it answer as the array it stands for.
 */
class ConcurrentUseDetectionTest {

    @Test
    void aSecondThreadInsideTheSameNetworkIsRefused() throws Exception {
        KilnOneBlockResNet net = KilnOneBlockResNet.create(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28);
        INDArray expected = net.predict(x).dup();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        INDArray stalling = stallingOnFirstUse(x, inside, release);
        ExecutorService first = Executors.newSingleThreadExecutor(r -> new Thread(r, "first"));
        try {
            Future<INDArray> running = first.submit(() -> net.predict(stalling).dup());
            assertTrue(inside.await(30, TimeUnit.SECONDS), "the first thread never reached the network's input");

            refused(() -> net.predict(x), "predict");
            refused(() -> net.trainForward(x), "trainForward");
            refused(() -> net.trainStep(x, Nd4j.createFromArray(1, 2), new Sgd(0.1, 0, false, 0)), "trainStep");
            refused(() -> net.loss(Nd4j.createFromArray(1, 2)), "loss");
            refused(net::backward, "backward");
            refused(() -> net.stem(x), "stem");
            INDArray fromReplica = net.replica().predict(x);
            assertEquals(expected, fromReplica, "a replica may run while its source is busy");

            release.countDown();
            assertEquals(expected, running.get(30, TimeUnit.SECONDS), "the first thread's own result");
        } finally {
            release.countDown();
            first.shutdownNow();
        }
        assertEquals(expected, net.predict(x), "free again once the first call ended");
    }

    @Test
    void aFailedCallFreesTheNetwork() throws Exception {
        KilnOneBlockResNet net = KilnOneBlockResNet.create(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> failed = other.submit(() -> net.predict(Nd4j.rand(DataType.FLOAT, 2, 3, 28, 28)));
            Exception e = assertThrows(Exception.class, () -> failed.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IllegalArgumentException, String.valueOf(e.getCause()));
        } finally {
            other.shutdownNow();
        }
        assertEquals(2, net.predict(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28)).size(0), "the guard was released in finally");
    }

    private static void refused(Executable call, String method) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call, method);
        assertEquals("OneBlockResNet." + method + ": called on thread '" + Thread.currentThread().getName()
                + "' while thread 'first' is inside this network; an instance runs one call at a time, so give each"
                + " thread its own replica() or share a PredictorPool", e.getMessage());
    }

    /** {@code array}, except that the first method called on it signals {@code inside} and waits for {@code release}. */
    private static INDArray stallingOnFirstUse(INDArray array, CountDownLatch inside, CountDownLatch release) {
        return (INDArray) Proxy.newProxyInstance(INDArray.class.getClassLoader(), new Class<?>[] {INDArray.class},
                (proxy, method, args) -> {
                    if (inside.getCount() > 0) {
                        inside.countDown();
                        if (!release.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("not released within 30 s");
                        }
                    }
                    try {
                        return method.invoke(array, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
