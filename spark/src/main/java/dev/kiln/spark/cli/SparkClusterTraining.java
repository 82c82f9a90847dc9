package dev.kiln.spark.cli;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.samples.SampleModel;
import dev.kiln.samples.training.ClusterTraining;
import dev.kiln.samples.training.RunSetup;
import dev.kiln.spark.ImageShape;
import dev.kiln.spark.LabeledImage;
import dev.kiln.spark.NetworkFactory;
import dev.kiln.spark.OptimizerFactory;
import dev.kiln.spark.RoundStats;
import dev.kiln.spark.SparkSettings;
import dev.kiln.spark.SparkTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/** {@code ./kiln train --spark MASTER}: a sample model on Fashion-MNIST through {@link SparkTrainer}. */
public final class SparkClusterTraining implements ClusterTraining {
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)]");

    @Override
    public List<EpochResult> fit(Job job) {
        SparkConf conf = SparkSettings.forTraining(new SparkConf().setAppName("kiln train " + job.model().id())
                .setMaster(master(job.master())));
        if (!conf.contains("spark.ui.showConsoleProgress")) {
            conf.set("spark.ui.showConsoleProgress", "false"); // Kiln's own progress line is on the terminal
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            int workers = job.workers() > 0 ? job.workers() : sc.defaultParallelism();
            SparkTrainer trainer = new SparkTrainer(sc, networks(job.model().id()), optimizers(job), job.net(),
                    job.driverOptimizer(), job.schedule(), job.config(), new SparkTrainer.Settings(workers, job.syncEvery(),
                    job.batch()));
            job.listeners().forEach(l -> {
                if (l == job.checkpoints()) {
                    trainer.checkpoints(job.checkpoints());
                } else {
                    trainer.listen(l);
                }
            });
            trainer.resumeEarlyStopping(job.testErrors());
            System.out.printf(Locale.ROOT, "kiln: on Spark %s: %d workers, batch %d each, averaging every %d step%s; %,d values"
                            + " (%.1f MB) of state a round each way%n", sc.master(), workers, job.batch() / workers, job.syncEvery(),
                    job.syncEvery() == 1 ? "" : "s", trainer.stateLength(), trainer.stateLength() * 8 / 1e6);
            Dataset train = job.data().trainSet();
            Dataset test = job.data().testSet();
            List<EpochResult> results = trainer.fit(new SparkTrainer.Data(rdd(sc, train, workers), rdd(sc, test, workers),
                    ImageShape.of(train), job.data().normalization(), job.data().augmentation()), job.first());
            RoundStats s = trainer.stats();
            System.out.printf(Locale.ROOT, "kiln: %d rounds, %.1f s in rounds (%.1f ms each), %.1f MB of state moved a round%n",
                    s.rounds(), s.seconds(), s.rounds() == 0 ? 0 : 1000 * s.seconds() / s.rounds(), s.bytesPerRound() / 1e6);
            return results;
        }
    }

    /** {@code local[N]} as {@code local[N,4]}: Spark retries a failed task in local mode only when told, as a cluster does by default. */
    static String master(String master) {
        Matcher m = LOCAL.matcher(master.trim());
        return m.matches() ? "local[" + m.group(1) + ",4]" : master.trim();
    }

    /** The sample model by its name: the lambda captures the name, not a network. */
    private static NetworkFactory networks(String id) {
        return () -> SampleModel.byId(id).orElseThrow().create(0);
    }

    private static OptimizerFactory optimizers(Job job) {
        String name = job.optimizer();
        double lr = job.lr();
        double momentum = job.momentum();
        double decay = job.weightDecay();
        boolean all = job.decayAll();
        return () -> RunSetup.optimizer(name, lr, momentum, decay, all);
    }

    private static JavaRDD<LabeledImage> rdd(JavaSparkContext sc, Dataset d, int slices) {
        List<LabeledImage> rows = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) {
            rows.add(new LabeledImage(d.image(i), d.label(i)));
        }
        return sc.parallelize(rows, slices);
    }
}
