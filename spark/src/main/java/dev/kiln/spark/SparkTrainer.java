package dev.kiln.spark;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.NonFiniteLossException;
import dev.kiln.runtime.data.Augmentation;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.io.EpochCheckpoints;
import dev.kiln.runtime.train.EarlyStopping;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Schedule;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel training with parameter averaging on Spark. Every round the driver
 * broadcasts the whole training state (parameters, batch-norm running statistics, optimizer
 * state), each of the W workers trains K steps ({@code syncEvery}) on batches of its own shard
 * from it, and the driver averages what they send back (Spark's tree aggregation) into its own
 * network and optimizer. With K = 1 and SGD that is synchronous SGD on the mean of the workers'
 * gradients, batch norm computed per worker batch (docs/distributed.md).
 *
 * <p>The driver's {@code net} and {@code optimizer} hold the run: checkpoints, the per-epoch CSV
 * and progress come from the same listeners as {@link Trainer}'s, so a run moves between one
 * machine and a cluster through its checkpoint. Evaluation after every epoch is distributed too.
 */
public final class SparkTrainer {
    /** Where the examples come from and how a worker prepares them. */
    public record Data(JavaRDD<LabeledImage> train, JavaRDD<LabeledImage> test, ImageShape shape,
                       Normalization normalization, Augmentation augmentation) {
        public Data {
            Objects.requireNonNull(train, "SparkTrainer.Data: train");
            Objects.requireNonNull(test, "SparkTrainer.Data: test");
            Objects.requireNonNull(shape, "SparkTrainer.Data: shape");
            Objects.requireNonNull(normalization, "SparkTrainer.Data: normalization");
            Objects.requireNonNull(augmentation, "SparkTrainer.Data: augmentation");
        }
    }

    /**
     * @param workers     shards, one task each per round (usually the cluster's cores)
     * @param syncEvery   K, the steps each worker takes between averagings
     * @param globalBatch examples per step over all workers; each worker's batch is globalBatch / workers
     */
    public record Settings(int workers, int syncEvery, int globalBatch) {
        public Settings {
            if (workers < 1 || syncEvery < 1 || globalBatch < 1) {
                throw new IllegalArgumentException("workers, syncEvery and globalBatch must be ≥ 1, but are "
                        + workers + ", " + syncEvery + " and " + globalBatch);
            }
            if (globalBatch % workers != 0) {
                throw new IllegalArgumentException("the batch " + globalBatch + " does not split evenly over " + workers
                        + " workers; choose a batch that is a multiple of " + workers);
            }
        }

        public int workerBatch() {
            return globalBatch / workers;
        }
    }

    private final JavaSparkContext sc;
    private final NetworkFactory nets;
    private final OptimizerFactory optimizers;
    private final Network net;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private final Trainer.Config config;
    private final Settings settings;
    private final StateLayout layout;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final String job = UUID.randomUUID().toString();
    private final EarlyStopping earlyStop;
    private final RoundStats stats = new RoundStats();
    private EpochCheckpoints checkpoints;

    /**
     * @param net       the driver's network: its parameters and state start the run and receive
     *                  every round's average (a resumed run loads its checkpoint into it first)
     * @param optimizer likewise for the optimizer state; it must be what {@code optimizers} makes
     */
    public SparkTrainer(JavaSparkContext sc, NetworkFactory nets, OptimizerFactory optimizers, Network net, Optimizer optimizer,
                        Schedule schedule, Trainer.Config config, Settings settings) {
        this.sc = Objects.requireNonNull(sc, "SparkTrainer: Spark context");
        this.nets = Objects.requireNonNull(nets, "SparkTrainer: network factory");
        this.optimizers = Objects.requireNonNull(optimizers, "SparkTrainer: optimizer factory");
        this.net = Objects.requireNonNull(net, "SparkTrainer: network");
        this.optimizer = Objects.requireNonNull(optimizer, "SparkTrainer: optimizer");
        this.schedule = Objects.requireNonNull(schedule, "SparkTrainer: schedule");
        this.config = Objects.requireNonNull(config, "SparkTrainer: config");
        this.settings = Objects.requireNonNull(settings, "SparkTrainer: settings");
        if (config.skipNonFinite() > 0) {
            throw new IllegalArgumentException("skipping non-finite batches is not supported on Spark (a worker's batch cannot"
                    + " be skipped without the others'); use skipNonFinite 0");
        }
        this.layout = StateLayout.of(nets, optimizers);
        this.earlyStop = new EarlyStopping(config.patience(), config.minDelta());
        net.setLabelSmoothing(config.labelSmoothing());
    }

    public SparkTrainer listen(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /** Saves a checkpoint after every epoch; a {@link NonFiniteLossException} then names the last one. */
    public SparkTrainer checkpoints(EpochCheckpoints c) {
        checkpoints = c;
        return listen(c);
    }

    /** Continues early stopping where an interrupted run left it (its finished epochs' test errors, in order). */
    public void resumeEarlyStopping(List<Double> testErrors) {
        testErrors.forEach(earlyStop::track);
    }

    /** What the rounds so far cost: time and bytes. */
    public RoundStats stats() {
        return stats;
    }

    /** Values in the state every round moves (bytes: 8 each). */
    public int stateLength() {
        return layout.length();
    }

    /** Runs epochs {@code first} … {@code config.epochs()}; returns what each measured. */
    public List<EpochResult> fit(Data data, int first) {
        JavaRDD<Shard> shards = Sharding.shard(sc, data.train(), data.shape(), settings.workers(), config.seed());
        JavaRDD<Shard> tests = Sharding.asIs(data.test(), data.shape());
        try {
            int smallest = shards.map(Shard::size).collect().stream().mapToInt(Integer::intValue).min().orElse(0);
            int steps = smallest / settings.workerBatch();
            if (steps == 0) {
                throw new IllegalArgumentException("the smallest shard has " + smallest + " examples, fewer than one worker batch of "
                        + settings.workerBatch() + " (batch " + settings.globalBatch() + " over " + settings.workers() + " workers)");
            }
            double[] state = new double[layout.length()];
            layout.write(net, optimizer, state, 0);
            List<EpochResult> results = new ArrayList<>();
            for (int epoch = first; epoch <= config.epochs(); epoch++) {
                Epoch e = new Epoch(epoch, steps);
                state = e.train(shards, data, state);
                EpochResult r = e.finish(tests, data, state);
                results.add(r);
                listeners.forEach(l -> l.onEpochEnd(r));
                if (earlyStop.track(r.testError())) {
                    break;
                }
            }
            return results;
        } finally {
            shards.unpersist(false);
            tests.unpersist(false);
        }
    }

    /** One epoch's rounds. */
    private final class Epoch {
        private final int epoch;
        private final int steps;
        private final int rounds;
        private final long start = System.nanoTime();
        private double lossSum;
        private double correct;
        private double seen;
        private double lastRate;

        Epoch(int epoch, int steps) {
            this.epoch = epoch;
            this.steps = steps;
            this.rounds = (steps + settings.syncEvery() - 1) / settings.syncEvery();
        }

        double[] train(JavaRDD<Shard> shards, Data data, double[] state) {
            listeners.forEach(l -> l.onEpochStart(epoch, config.epochs(), rounds));
            for (int round = 0; round < rounds; round++) {
                int from = round * settings.syncEvery();
                double[] rates = new double[Math.min(settings.syncEvery(), steps - from)];
                for (int k = 0; k < rates.length; k++) {
                    rates[k] = schedule.learningRate(epoch - 1, from + k, steps);
                }
                lastRate = rates[rates.length - 1];
                RoundPlan plan = plan(data, epoch, from, rates);
                long t0 = System.nanoTime();
                double[] sum = Rounds.train(sc, shards, plan, state);
                stats.add(System.nanoTime() - t0, settings.workers(), layout.bytes());
                if (sum[RoundResult.BAD_WORKERS] > 0) {
                    layout.read(state, 0, net, optimizer); // the last good state, as the round found it
                    throw nonFinite(round, from, sum, state);
                }
                state = RoundResult.meanState(sum);
                double loss = sum[RoundResult.LOSS_SUM] / sum[RoundResult.EXAMPLES];
                lossSum += sum[RoundResult.LOSS_SUM];
                correct += sum[RoundResult.CORRECT];
                seen += sum[RoundResult.EXAMPLES];
                int index = round;
                long step = layout.steps(state, 0);
                listeners.forEach(l -> l.onBatch(epoch, index, step, loss, (int) sum[RoundResult.CORRECT],
                        (int) sum[RoundResult.EXAMPLES]));
            }
            layout.read(state, 0, net, optimizer);
            return state;
        }

        EpochResult finish(JavaRDD<Shard> tests, Data data, double[] state) {
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] eval = Rounds.evaluate(sc, tests, plan(data, epoch, 0, new double[0]), state);
            double examples = Math.max(1, eval[WorkerEvaluation.EXAMPLES]);
            return new EpochResult(epoch, layout.steps(state, 0), lossSum / Math.max(1, seen), 1 - correct / Math.max(1, seen),
                    eval[WorkerEvaluation.LOSS_SUM] / examples, 1 - eval[WorkerEvaluation.CORRECT] / examples, lastRate,
                    seconds, (int) seen);
        }

        private NonFiniteLossException nonFinite(int round, int from, double[] sum, double[] before) {
            int worker = (int) sum[RoundResult.BAD_WORKER];
            int step = (int) sum[RoundResult.BAD_STEP];
            int element = (int) sum[RoundResult.BAD_ELEMENT];
            String what = element < 0 ? "its loss was " + sum[RoundResult.BAD_LOSS] + " at step " + step + " of the epoch"
                    : "it sent back non-finite state (" + layout.nameAt(element) + ")";
            return new NonFiniteLossException(net.name(), "round " + (round + 1) + " of epoch " + epoch + " failed: worker "
                    + worker + " (partition " + worker + ") " + what + (sum[RoundResult.BAD_WORKERS] > 1
                    ? ", and " + (int) (sum[RoundResult.BAD_WORKERS] - 1) + " more workers failed too" : ""),
                    layout.steps(before, 0) + step - from + 1, sum[RoundResult.BAD_LOSS],
                    element < 0 ? null : layout.nameAt(element),
                    checkpoints == null ? null : checkpoints.last().orElse(null));
        }
    }

    private RoundPlan plan(Data data, int epoch, int from, double[] rates) {
        Normalization n = data.normalization();
        return new RoundPlan(job, nets, optimizers, config.seed(), epoch, from, rates, settings.workerBatch(),
                config.labelSmoothing(), n.mean(), n.std(), data.augmentation().pad(), data.augmentation().flip());
    }

    /** The Spark jobs of a round and of an evaluation; static, so their closures hold the plan and nothing of the trainer. */
    private static final class Rounds {
        static double[] train(JavaSparkContext sc, JavaRDD<Shard> shards, RoundPlan plan, double[] state) {
            Broadcast<double[]> b = sc.broadcast(state);
            try {
                return shards.mapPartitionsWithIndex((worker, it) -> List.of(WorkerRound.run(plan, b.value(), worker, it.next()))
                        .iterator(), true).treeReduce(RoundResult::add, 2);
            } finally {
                b.destroy();
            }
        }

        static double[] evaluate(JavaSparkContext sc, JavaRDD<Shard> tests, RoundPlan plan, double[] state) {
            Broadcast<double[]> b = sc.broadcast(state);
            try {
                return tests.map(shard -> WorkerEvaluation.run(plan, b.value(), shard)).treeReduce((x, y) -> {
                    for (int i = 0; i < x.length; i++) {
                        x[i] += y[i];
                    }
                    return x;
                }, 2);
            } finally {
                b.destroy();
            }
        }
    }
}
