package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.train.Sgd;
import dev.kiln.samples.models.KilnResNet20;
import java.lang.management.ManagementFactory;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * After warm-up a training step creates no ND4J arrays: every buffer was planned at compile
 * time and allocated once for the batch size; and it leaves next to no garbage on the Java heap. Counted exactly through ND4J's array ids (each
 * new array, view or not, takes the next id), and cross-checked with JavaCPP's off-heap bytes,
 * which may move by a few KB of op-call bookkeeping but not by a buffer.
 */
class SteadyStateAllocationTest {
    private static final int STEPS = 20;

    @Test
    void trainingStepsAfterWarmUpCreateNoArrays() {
        KilnResNet20 net = KilnResNet20.create(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28);
        INDArray y = Nd4j.createFromArray(0, 1, 2, 3, 4, 5, 6, 7);
        Sgd sgd = new Sgd(0.01, 0.9, true, 5e-4);
        for (int i = 0; i < 2; i++) {
            net.trainStep(x, y, sgd);
        }
        long offHeapBefore = settledOffHeapBytes();
        long before = nextArrayId();
        for (int i = 0; i < STEPS; i++) {
            net.trainStep(x, y, sgd);
        }
        long created = nextArrayId() - before - 1;
        long offHeapGrowth = settledOffHeapBytes() - offHeapBefore;
        System.out.printf("%d training steps at batch 8 after warm-up: %d ND4J arrays created, off-heap growth %d bytes; "
                + "planned training memory %,d bytes%n", STEPS, created, offHeapGrowth, net.trainingBytes(8));
        assertEquals(0, created, "ND4J arrays created by " + STEPS + " steady-state training steps");
        // ND4J's op calls keep a few KB of JavaCPP bookkeeping (shape and argument pointers) that
        // the garbage collector frees later; a single planned buffer re-created per step would
        // already exceed this bound.
        assertTrue(offHeapGrowth < net.trainingBytes(8) / 200, "off-heap bytes grew by " + offHeapGrowth);
    }

    /**
     * The Java heap too: after warm-up, 20 training steps allocate at most 1 KiB a step on the
     * training thread (HotSpot's per-thread allocated-bytes counter, exact in bytes). Before the
     * kernels kept their views, operands and prepared ops, a step made about 140 KB of short-lived
     * objects at this batch size; a single NIO view made again every step would be noticed here.
     */
    @ParameterizedTest
    @ValueSource(ints = {8, 32})
    void trainingStepsAfterWarmUpAllocateAtMostOneKibibyteEachOnTheHeap(int batch) {
        KilnResNet20 net = KilnResNet20.create(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.INT, batch);
        Sgd sgd = new Sgd(0.01, 0.9, true, 5e-4);
        for (int i = 0; i < 10; i++) {
            net.trainStep(x, y, sgd);
        }
        long before = threadAllocatedBytes();
        for (int i = 0; i < STEPS; i++) {
            net.trainStep(x, y, sgd);
        }
        long perStep = (threadAllocatedBytes() - before) / STEPS;
        System.out.printf("%d training steps at batch %d after warm-up: %d bytes a step on the Java heap%n", STEPS, batch, perStep);
        assertTrue(perStep <= 1024, "a steady-state training step at batch " + batch + " allocated " + perStep
                + " bytes on the Java heap; at most 1024 expected");
    }

    /** Inference likewise: at most 1 KiB a call on the heap after warm-up. */
    @Test
    void predictionsAfterWarmUpAllocateAtMostOneKibibyteEachOnTheHeap() {
        KilnResNet20 net = KilnResNet20.create(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
        for (int i = 0; i < 10; i++) {
            net.predict(x);
        }
        long before = threadAllocatedBytes();
        for (int i = 0; i < STEPS; i++) {
            net.predict(x);
        }
        long perCall = (threadAllocatedBytes() - before) / STEPS;
        assertTrue(perCall <= 1024, "a steady-state prediction allocated " + perCall + " bytes on the Java heap; at most 1024 expected");
    }

    /** Bytes this thread has allocated on the heap since it started. */
    private static long threadAllocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getCurrentThreadAllocatedBytes();
    }

    /** Inference, its convolutions folded with their batch norms (one oneDNN call each, where oneDNN loads). */
    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void inferenceAfterWarmUpCreatesNoArrays(int batch) {
        KilnResNet20 net = KilnResNet20.create(2);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, 28, 28);
        net.predict(x);
        long before = nextArrayId();
        for (int i = 0; i < 3; i++) {
            net.predict(x);
        }
        assertEquals(0, nextArrayId() - before - 1, "ND4J arrays created by 3 steady-state predictions at batch " + batch);
    }

    /** JavaCPP's count of off-heap bytes after a collection has released what nothing references. */
    private static long settledOffHeapBytes() {
        System.gc();
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Pointer.totalBytes();
    }

    /** The id the next new array gets, by making one. */
    private static long nextArrayId() {
        return Nd4j.scalar(0f).getId();
    }
}
