package dev.kiln.bench.spark;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.ConstantSchedule;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.samples.SampleModel;
import dev.kiln.samples.training.FashionMnistRun;
import dev.kiln.samples.training.RunSetup;
import dev.kiln.spark.ImageShape;
import dev.kiln.spark.LabeledImage;
import dev.kiln.spark.SparkTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * One epoch of a sample model on the first N Fashion-MNIST images, trained by the single-process
 * {@link Trainer} and by {@link SparkTrainer} for each K, at the same global batch, with the same
 * optimizer and a constant learning rate. Times are the epochs' training time (no evaluation, no
 * sharding); bytes are the training state a round moves, counted from its size, and the task
 * results Spark measured.
 */
public final class DistributedBench {
    /** What one run measured. */
    public record Result(String system, int syncEvery, double imagesPerSecond, long rounds, double msPerRound,
                         double stateBytesPerRound, double resultBytesPerRound, double trainLoss) {}

    private final JavaSparkContext sc;
    private final SampleModel model;
    private final FashionMnistRun data;
    private final int batch;
    private final int workers;
    private final AtomicLong resultBytes = new AtomicLong();

    public DistributedBench(JavaSparkContext sc, SampleModel model, FashionMnistRun data, int batch, int workers) {
        this.sc = sc;
        this.model = model;
        this.data = data;
        this.batch = batch;
        this.workers = workers;
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null) {
                    resultBytes.addAndGet(end.taskMetrics().resultSize());
                }
            }
        });
    }

    /** The single-process trainer on the same data, batch and optimizer. */
    public Result single() {
        Network net = model.create(42);
        Optimizer opt = optimizer(model);
        Trainer t = new Trainer(net, opt, new ConstantSchedule(model.defaultLearningRate()), new Trainer.Config(1, 0, 0, 0, 42));
        EpochResult r = t.fit(data.train(), data.test(), 1).get(0);
        return new Result("one process", 0, r.imagesPerSecond(), r.step(), 1000 * r.seconds() / Math.max(1, r.step()), 0, 0,
                r.trainLoss());
    }

    /** {@link SparkTrainer} averaging every {@code k} steps. */
    public Result spark(int k) {
        Network net = model.create(42);
        Optimizer opt = optimizer(model);
        String id = model.id();
        double lr = model.defaultLearningRate();
        SparkTrainer t = new SparkTrainer(sc, () -> SampleModel.byId(id).orElseThrow().create(0),
                () -> RunSetup.optimizer("sgd", lr, 0.9, 5e-4, false), net, opt, new ConstantSchedule(lr),
                new Trainer.Config(1, 0, 0, 0, 42), new SparkTrainer.Settings(workers, k, batch));
        JavaRDD<LabeledImage> train = rdd(data.trainSet());
        JavaRDD<LabeledImage> test = rdd(data.testSet());
        long before = resultBytes.get();
        EpochResult r = t.fit(new SparkTrainer.Data(train, test, ImageShape.of(data.trainSet()), data.normalization(),
                data.augmentation()), 1).get(0);
        long rounds = t.stats().rounds();
        // the task results of the rounds, less the evaluation's and the sharding's few bytes
        double results = (double) (resultBytes.get() - before) / Math.max(1, rounds);
        return new Result("spark " + sc.master(), k, r.imagesPerSecond(), rounds, 1000 * t.stats().seconds() / Math.max(1, rounds),
                t.stats().bytesPerRound(), results, r.trainLoss());
    }

    private static Optimizer optimizer(SampleModel m) {
        return RunSetup.optimizer("sgd", m.defaultLearningRate(), 0.9, 5e-4, false);
    }

    private JavaRDD<LabeledImage> rdd(dev.kiln.runtime.data.Dataset d) {
        List<LabeledImage> rows = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) {
            rows.add(new LabeledImage(d.image(i), d.label(i)));
        }
        return sc.parallelize(rows, workers);
    }
}
