package dev.kiln.samples.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.runtime.PredictorPool;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.samples.models.KilnOneBlockResNet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eight threads make 1,000 predictions each through a {@link PredictorPool} of four replicas of
 * a trained {@code OneBlockResNet} (conv, batch norm with running statistics, a residual block),
 * on random inputs of batch 1 to 4, and every output is compared with what the network gave for
 * the same input on one thread beforehand. The comparison is exact, bit for bit: a replica runs
 * the same kernels on the same shapes, and ND4J's conv and gemm give the same bits for the same
 * shapes whatever else runs.
 */
class PoolAgreementTest {
    private static final int THREADS = 8;
    private static final int PREDICTIONS = 1_000;
    private static final int INPUTS = 256;
    private static final int REPLICAS = 4;

    @Test
    void eightThreadsAgreeBitForBitWithOneThread() throws Exception {
        Nd4j.getRandom().setSeed(7);
        KilnOneBlockResNet net = trained();
        SplittableRandom random = new SplittableRandom(7);
        INDArray[] inputs = new INDArray[INPUTS];
        for (int i = 0; i < INPUTS; i++) {
            inputs[i] = Nd4j.rand(DataType.FLOAT, 1 + random.nextInt(4), 1, 28, 28);
            net.predict(inputs[i]);
        }
        long single = System.nanoTime();
        float[][] expected = new float[INPUTS][];
        for (int i = 0; i < INPUTS; i++) {
            expected[i] = net.predict(inputs[i]).dup().data().asFloat();
        }
        double singleSeconds = (System.nanoTime() - single) / 1e9;

        long start = System.nanoTime();
        List<Future<int[]>> results = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try (PredictorPool pool = new PredictorPool(net, REPLICAS)) {
            for (int t = 0; t < THREADS; t++) {
                long seed = 100 + t;
                results.add(threads.submit(() -> run(pool, inputs, expected, seed)));
            }
            int mismatches = 0;
            int predictions = 0;
            for (Future<int[]> f : results) {
                int[] r = f.get(5, TimeUnit.MINUTES);
                predictions += r[0];
                mismatches += r[1];
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("PoolAgreementTest: %d threads × %d predictions (%d in all, batch 1–4, %d replicas): "
                    + "%d differ from the single-threaded output; %.1f s, %.0f predictions/s (one thread, no pool: %.0f/s)%n",
                    THREADS, PREDICTIONS, predictions, REPLICAS, mismatches, seconds, predictions / seconds,
                    INPUTS / singleSeconds);
            assertEquals(THREADS * PREDICTIONS, predictions);
            assertEquals(0, mismatches, "predictions that differ from the single-threaded output");
        } finally {
            threads.shutdownNow();
        }
        assertEquals(0, Arrays.compare(expected[0], net.predict(inputs[0]).data().asFloat()),
                "the source network still gives what it gave before");
    }

    /** {@code [predictions, mismatches]} of one thread's run over inputs drawn from {@code seed}. */
    private static int[] run(PredictorPool pool, INDArray[] inputs, float[][] expected, long seed) {
        SplittableRandom order = new SplittableRandom(seed);
        int mismatches = 0;
        for (int i = 0; i < PREDICTIONS; i++) {
            int k = order.nextInt(INPUTS);
            if (!Arrays.equals(expected[k], pool.predict(inputs[k]).data().asFloat())) {
                mismatches++;
            }
        }
        return new int[] {PREDICTIONS, mismatches};
    }

    /** A network a few steps from initialisation, so weights and running statistics are not their initial values. */
    static KilnOneBlockResNet trained() {
        KilnOneBlockResNet net = KilnOneBlockResNet.create(3);
        Sgd sgd = new Sgd(0.05, 0.9, true, 0);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28);
        INDArray y = Nd4j.createFromArray(0, 1, 2, 3, 4, 5, 6, 7);
        for (int i = 0; i < 5; i++) {
            net.trainStep(x, y, sgd);
        }
        return net;
    }
}
