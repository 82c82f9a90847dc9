package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.io.EpochCheckpoints;
import dev.kiln.runtime.train.Optimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training job on a standalone cluster of separate processes (a master and two workers of one
 * core each, on loopback) writes the checkpoints a {@code local[2]} run writes.
 */
class StandaloneClusterTest {
    private static final Dataset TRAIN = TestRuns.synthetic(2 * 16 * 2, 5);
    private static final Dataset TEST = TestRuns.synthetic(24, 6);

    @Test
    void clusterRunWritesTheCheckpointsOfALocalRun(@TempDir Path dir) throws Exception {
        Path onCluster = dir.resolve("cluster.npz");
        Path local = dir.resolve("local.npz");
        try (StandaloneCluster cluster = new StandaloneCluster(dir, 2)) {
            JavaSparkContext sc = new JavaSparkContext(TestRuns.conf(cluster.masterUrl)
                    .set("spark.executor.extraClassPath", cluster.classPath).set("spark.executor.memory", "1g")
                    .set("spark.cores.max", "2").set("spark.executorEnv.SPARK_SCALA_VERSION", "2.13"));
            try {
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (sc.sc().statusTracker().getExecutorInfos().length < 3) { // the driver counts as one
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("two executors did not register with " + cluster.masterUrl + " in 120 s; logs in " + dir);
                    }
                    Thread.sleep(200);
                }
                train(sc, onCluster);
            } finally {
                sc.stop();
            }
        }
        JavaSparkContext sc = new JavaSparkContext(TestRuns.conf("local[2]"));
        try {
            train(sc, local);
        } finally {
            sc.stop();
        }
        assertTrue(Files.size(onCluster) > 0 && Files.size(local) > 0);
        Network a = TestRuns.resnet20();
        Optimizer oa = TestRuns.sgd();
        Network b = TestRuns.resnet20();
        Optimizer ob = TestRuns.sgd();
        assertEquals(Checkpoint.load(onCluster, a, oa), Checkpoint.load(local, b, ob), "epoch, step and seed");
        double diff = TestRuns.relativeDifference(a, oa, b, ob);
        System.out.printf("standalone cluster vs local[2] checkpoints: largest relative difference %.2e%n", diff);
        assertTrue(diff <= 1e-5, "the cluster's checkpoint differs from local[2]'s by " + diff);
        assertEquals(4, oa.steps());
    }

    private static void train(JavaSparkContext sc, Path checkpoint) {
        Network net = TestRuns.resnet20();
        Optimizer opt = TestRuns.sgd();
        SparkTrainer t = TestRuns.trainer(sc, net, opt, TestRuns::sgd, 2, 1, 32);
        t.checkpoints(new EpochCheckpoints(checkpoint, net, opt, new long[] {TestRuns.SEED}));
        t.fit(TestRuns.data(sc, TRAIN, TEST), 1);
    }
}
