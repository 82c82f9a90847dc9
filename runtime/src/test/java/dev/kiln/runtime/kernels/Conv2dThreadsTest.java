package dev.kiln.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Convolutions on several threads, one {@code Conv2d} per thread as replicas have. A dilated one
 * switches ND4J's helpers off process-wide while it runs; two of them at once must not restore
 * each other's setting (before the fix, four dilated threads left the helpers off in 42 rounds
 * of 50), and an undilated convolution on another thread must compute what it computes alone.
 */
class Conv2dThreadsTest {
    private static final int ROUNDS = 20;
    private static final int CALLS = 50;

    @Test
    void dilatedConvolutionsDoNotDisturbOtherThreads() throws Exception {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 8, 16, 16);
        INDArray w = Nd4j.rand(DataType.FLOAT, 8, 8, 3, 3);
        INDArray b = Nd4j.rand(DataType.FLOAT, 8);
        boolean helpers = Nd4j.getEnvironment().helpersAllowed();
        float[] plain = run(new Conv2d(3, 1, 1, 1), x, w, b);
        float[] dilated = run(new Conv2d(3, 1, 2, 2), x, w, b);

        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<Integer>> mismatches = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    boolean dilate = t < 4;
                    mismatches.add(threads.submit(() -> {
                        Conv2d conv = dilate ? new Conv2d(3, 1, 2, 2) : new Conv2d(3, 1, 1, 1);
                        float[] expected = dilate ? dilated : plain;
                        INDArray y = Nd4j.create(DataType.FLOAT, 2, 8, 16, 16);
                        int wrong = 0;
                        for (int i = 0; i < CALLS; i++) {
                            conv.forward(x, w, b, y);
                            wrong += Arrays.equals(expected, y.data().asFloat()) ? 0 : 1;
                        }
                        return wrong;
                    }));
                }
                for (Future<Integer> f : mismatches) {
                    assertEquals(0, f.get(2, TimeUnit.MINUTES), "round " + round + ": outputs that differ from one thread's");
                }
                assertEquals(helpers, Nd4j.getEnvironment().helpersAllowed(), "round " + round + ": ND4J's helpers setting");
            }
        } finally {
            threads.shutdownNow();
            Nd4j.getEnvironment().allowHelpers(helpers);
        }
    }

    private static float[] run(Conv2d conv, INDArray x, INDArray w, INDArray b) {
        INDArray y = Nd4j.create(DataType.FLOAT, 2, 8, 16, 16);
        conv.forward(x, w, b, y);
        return y.data().asFloat();
    }
}
