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
 * core each, on loopback) writes the checkpoints a {@code local[2]} run writes: two epochs of one
 * round each, and the {@code local[2]} run of each epoch starts from the cluster's checkpoint of
 * the epoch before. Two runs side by side from the start would differ by float rounding (about
 * 1e-7 after a round) that a ReLU input crossing zero in one of them can turn into a few percent
 * within four rounds (seen on an AVX2 AMD EPYC), though both runs are right. The executors run
 * as many OpenMP threads as this JVM ({@link #LOCAL_THREADS}); with one thread against two they
 * differ by about 3e-4 after one round (rounding in batch norm's sums, amplified the same way).
 */
class StandaloneClusterTest {
    private static final Dataset TRAIN = TestRuns.synthetic(2 * 16, 5); // one round an epoch
    private static final Dataset TEST = TestRuns.synthetic(24, 6);
    private static final int EPOCHS = 2;
    /**
     * The OpenMP threads of this JVM, which the local[2] run's oneDNN calls use. Spark sets an
     * executor's OMP_NUM_THREADS to its cores (one here), and oneDNN's batch norm splits its sums
     * by thread, so the executors are given this JVM's count: the same arithmetic on both sides.
     */
    private static final String LOCAL_THREADS = System.getenv().getOrDefault("OMP_NUM_THREADS",
            String.valueOf(Runtime.getRuntime().availableProcessors()));

    @Test
    void clusterRunWritesTheCheckpointsOfALocalRun(@TempDir Path dir) throws Exception {
        try (StandaloneCluster cluster = new StandaloneCluster(dir, 2)) {
            JavaSparkContext sc = new JavaSparkContext(TestRuns.conf(cluster.masterUrl)
                    .set("spark.executor.extraClassPath", cluster.classPath).set("spark.executor.memory", "1g")
                    .set("spark.cores.max", "2").set("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
                    .set("spark.executorEnv.OMP_NUM_THREADS", LOCAL_THREADS));
            try {
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (sc.sc().statusTracker().getExecutorInfos().length < 3) { // the driver counts as one
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("two executors did not register with " + cluster.masterUrl + " in 120 s; logs in " + dir);
                    }
                    Thread.sleep(200);
                }
                Network net = TestRuns.resnet20();
                Optimizer opt = TestRuns.sgd();
                for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                    train(sc, net, opt, epoch, checkpoint(dir, "cluster", epoch));
                }
            } finally {
                sc.stop();
            }
        }
        JavaSparkContext sc = new JavaSparkContext(TestRuns.conf("local[2]"));
        try {
            for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                Network net = TestRuns.resnet20();
                Optimizer opt = TestRuns.sgd();
                if (epoch > 1) {
                    Checkpoint.load(checkpoint(dir, "cluster", epoch - 1), net, opt);
                }
                train(sc, net, opt, epoch, checkpoint(dir, "local", epoch));
            }
        } finally {
            sc.stop();
        }
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            Path onCluster = checkpoint(dir, "cluster", epoch);
            Path local = checkpoint(dir, "local", epoch);
            assertTrue(Files.size(onCluster) > 0 && Files.size(local) > 0);
            Network a = TestRuns.resnet20();
            Optimizer oa = TestRuns.sgd();
            Network b = TestRuns.resnet20();
            Optimizer ob = TestRuns.sgd();
            assertEquals(Checkpoint.load(onCluster, a, oa), Checkpoint.load(local, b, ob), "epoch " + epoch + ": epoch, step and seed");
            double diff = TestRuns.relativeDifference(a, oa, b, ob);
            System.out.printf("epoch %d: standalone cluster vs local[2] checkpoints: largest relative difference %.2e%n", epoch, diff);
            assertTrue(diff <= 1e-5, "epoch " + epoch + ": the cluster's checkpoint differs from local[2]'s by " + diff);
            assertEquals(epoch, oa.steps());
        }
    }

    private static Path checkpoint(Path dir, String run, int epoch) {
        return dir.resolve(run + "-" + epoch + ".npz");
    }

    /** Epoch {@code epoch} alone, from the state {@code net} and {@code opt} hold, its checkpoint written to {@code checkpoint}. */
    private static void train(JavaSparkContext sc, Network net, Optimizer opt, int epoch, Path checkpoint) {
        SparkTrainer t = TestRuns.trainer(sc, net, opt, TestRuns::sgd, epoch, 1, 32);
        t.checkpoints(new EpochCheckpoints(checkpoint, net, opt, new long[] {TestRuns.SEED}));
        t.fit(TestRuns.data(sc, TRAIN, TEST), epoch);
    }
}
