package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.NonFiniteLossException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.io.EpochCheckpoints;
import dev.kiln.runtime.train.Optimizer;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A round is a pure function of the broadcast state, the shard and the round's seeds: a task that
 * fails after it has changed its network is retried by Spark and the run ends where it ends
 * without the failure; a worker that sends back NaN stops the run, naming the round, the worker
 * and the last good checkpoint, which still holds the state before it.
 */
class FaultsTest {
    private static JavaSparkContext sc;
    private static final Dataset TRAIN = TestRuns.synthetic(2 * 16 * 2, 3);
    private static final Dataset TEST = TestRuns.synthetic(20, 4);

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(TestRuns.conf("local[2,2]")); // one retry per task, as a cluster would (4 by default)
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void aRetriedTaskGivesTheSameRun() {
        FaultyOptimizers.reset();
        Network clean = TestRuns.resnet20();
        Optimizer cleanOpt = TestRuns.sgd();
        TestRuns.trainer(sc, clean, cleanOpt, TestRuns::sgd, 2, 1, 32).fit(TestRuns.data(sc, TRAIN, TEST), 1);

        FaultyOptimizers.reset();
        Network retried = TestRuns.resnet20();
        Optimizer retriedOpt = TestRuns.sgd();
        TestRuns.trainer(sc, retried, retriedOpt, () -> FaultyOptimizers.failingAfterStep(2), 2, 1, 32)
                .fit(TestRuns.data(sc, TRAIN, TEST), 1);
        // partition 1 takes 4 steps, and one more in the failed attempt
        assertEquals(5, FaultyOptimizers.STEPS_ON_ONE.get(), "steps on partition 1, the failed attempt's included");
        double diff = TestRuns.relativeDifference(clean, cleanOpt, retried, retriedOpt);
        System.out.printf("retried run vs clean run: largest relative difference %.2e%n", diff);
        assertTrue(diff <= 1e-6, "the run with a retried task differs from the clean run by " + diff);
        assertEquals(cleanOpt.steps(), retriedOpt.steps());
    }

    @Test
    void nonFiniteStateStopsTheRunNamingRoundWorkerAndCheckpoint(@TempDir Path dir) throws Exception {
        FaultyOptimizers.reset();
        Network net = TestRuns.resnet20();
        Optimizer opt = TestRuns.sgd();
        Path file = dir.resolve("checkpoint.npz");
        SparkTrainer trainer = TestRuns.trainer(sc, net, opt, () -> FaultyOptimizers.poisoningAtStep(3), 2, 1, 32);
        trainer.checkpoints(new EpochCheckpoints(file, net, opt, new long[] {TestRuns.SEED}));
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> trainer.fit(TestRuns.data(sc, TRAIN, TEST), 1));
        String m = e.getMessage();
        assertTrue(m.contains("round 1 of epoch 2") && m.contains("worker 1 (partition 1)") && m.contains(file.toString()),
                "the message should name round, worker and checkpoint: " + m);
        assertTrue(e.lastGoodCheckpoint().isPresent() && e.lastGoodCheckpoint().get().epoch() == 1, m);
        Network saved = TestRuns.resnet20();
        Optimizer savedOpt = TestRuns.sgd();
        Checkpoint.load(file, saved, savedOpt);
        assertEquals(2, savedOpt.steps(), "the checkpoint holds epoch 1's two steps");
        assertEquals(0, TestRuns.relativeDifference(saved, savedOpt, net, opt), 1e-12,
                "the driver's network stays at the last good state");
    }
}
