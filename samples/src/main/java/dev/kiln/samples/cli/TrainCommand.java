package dev.kiln.samples.cli;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.NonFiniteLossException;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.io.EpochCheckpoints;
import dev.kiln.runtime.io.TrainingState;
import dev.kiln.runtime.metrics.EpochCsv;
import dev.kiln.runtime.platform.NativeSelector;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Progress;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.samples.Json;
import dev.kiln.samples.SampleModel;
import dev.kiln.runtime.train.TrainingListener;
import dev.kiln.samples.training.ClusterTraining;
import dev.kiln.samples.training.FashionMnistRun;
import dev.kiln.samples.training.RunSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./kiln train}: a sample model on Fashion-MNIST, with per-epoch CSV and checkpoints. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a sample model on Fashion-MNIST; writes metrics.csv, checkpoint.npz and confusion.csv to --out "
                + "(and model.onnx with --onnx).")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    TrainOptions o;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SampleModel sample = SampleModel.byId(o.model).orElseThrow(() -> usage(
                "unknown model '" + o.model + "'; expected one of: " + SampleModel.ids()));
        validate();
        double lr = o.lr != null ? o.lr : sample.defaultLearningRate();
        Optimizer optimizer = RunSetup.optimizer(o.optimizer, lr, o.momentum, o.weightDecay, o.decayNormAndBias);
        Files.createDirectories(o.out);
        Path checkpoint = o.out.resolve("checkpoint.npz");
        Path metrics = o.out.resolve("metrics.csv");
        long seed = o.seed;
        int first = 1;
        TrainingState resumed = null;
        Network net;
        if (o.resume != null) {
            net = sample.create(0);
            resumed = Checkpoint.load(o.resume, net, optimizer);
            long saved = resumed.rngState().length > 0 ? resumed.rngState()[0] : seed;
            if (spec.commandLine().getParseResult().hasMatchedOption("--seed") && saved != o.seed) {
                throw usage("--seed " + o.seed + " differs from the seed " + saved + " of " + o.resume
                        + "; leave --seed out to continue that run");
            }
            seed = saved;
            first = resumed.epoch() + 1;
            System.out.printf(Locale.ROOT, "kiln: resuming %s from %s after epoch %d (step %d, seed %d)%n", sample.id(),
                    o.resume, resumed.epoch(), resumed.step(), seed);
        } else {
            net = sample.create(seed);
        }
        Trainer trainer = new Trainer(net, optimizer, RunSetup.schedule(o.schedule, lr, o.epochs, o.warmup),
                new Trainer.Config(o.epochs, o.labelSmoothing, o.patience, 1e-4, seed, o.skipNonFinite));
        EpochCheckpoints checkpoints = new EpochCheckpoints(checkpoint, net, optimizer, new long[] {seed});
        if (resumed != null) {
            checkpoints.resumedFrom(o.resume, resumed);
        }
        EpochCsv csv;
        List<Double> errors = new java.util.ArrayList<>();
        if (resumed != null) {
            csv = EpochCsv.resume(metrics, resumed.epoch(), errors);
            trainer.resumeAt(resumed.step());
            trainer.resumeEarlyStopping(errors);
        } else {
            csv = new EpochCsv(metrics, false);
        }
        long start = System.nanoTime();
        try (FashionMnistRun data = new FashionMnistRun(Optional.ofNullable(o.data), o.limitTrain, o.batch, seed, !o.noAugment)) {
            System.out.printf(Locale.ROOT, "kiln: training %s (%,d parameters) on %,d Fashion-MNIST images, batch %d, %s, lr %s (%s)%n",
                    sample.id(), sample.parameters(), data.trainImages(), o.batch, o.optimizer, lr, o.schedule);
            System.out.println("kiln: " + NativeSelector.report());
            // the checkpoint first: a row without its checkpoint is dropped on resume
            List<TrainingListener> listeners = List.of(Progress.onStdout(), checkpoints, csv);
            List<EpochResult> results;
            try {
                if (o.spark != null) {
                    results = cluster().fit(new ClusterTraining.Job(o.spark, o.syncEvery, o.workers, sample, o.optimizer, lr,
                            o.momentum, o.weightDecay, o.decayNormAndBias, RunSetup.schedule(o.schedule, lr, o.epochs, o.warmup),
                            trainer.config(), o.batch, first, net, optimizer, data, listeners, checkpoints, errors));
                } else {
                    trainer.listen(listeners.get(0)).checkpoints(checkpoints).listen(csv);
                    results = trainer.fit(data.train(), data.test(), first);
                }
            } catch (NonFiniteLossException e) {
                spec.commandLine().getErr().println("kiln: " + e.getMessage());
                spec.commandLine().getErr().println(nextSteps(e));
                return 1;
            }
            Trainer.Evaluation eval = trainer.evaluate(data.test());
            eval.confusion().writeCsv(o.out.resolve("confusion.csv"), FashionMnist.CLASS_NAMES);
            if (o.onnx) {
                ExportCommand.write((dev.kiln.runtime.GeneratedNetwork<?>) net, o.out.resolve("model.onnx"));
            }
            System.out.print(eval.confusion().render(FashionMnist.CLASS_NAMES));
            double seconds = (System.nanoTime() - start) / 1e9;
            EpochResult last = results.isEmpty() ? null : results.get(results.size() - 1);
            int epochs = last == null ? first - 1 : last.epoch();
            int trained = results.stream().mapToInt(EpochResult::trainImages).sum();
            double trainSeconds = results.stream().mapToDouble(EpochResult::seconds).sum();
            System.out.printf(Locale.ROOT, "kiln: test accuracy %.2f %% after %d epochs, %.0f s; wrote %s%n",
                    100 * eval.confusion().accuracy(), epochs, seconds, o.out);
            if (o.json) {
                System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"epochs\":%d,\"train_images\":%d,\"train_loss\":%s,"
                                + "\"train_error\":%s,\"test_loss\":%.6f,\"test_accuracy\":%.6f,\"seconds\":%.1f,\"img_per_s\":%.1f}%n",
                        sample.id(), epochs, data.trainImages(), Json.number(last == null ? Double.NaN : last.trainLoss()),
                        Json.number(last == null ? Double.NaN : last.trainError()), eval.loss(), eval.confusion().accuracy(),
                        seconds, trainSeconds > 0 ? trained / trainSeconds : 0);
            }
        }
        return 0;
    }

    /** What a user of this command can do after a non-finite loss: its options, not the trainer's API. */
    private String nextSteps(NonFiniteLossException e) {
        String resume = e.lastGoodCheckpoint().map(c -> "resume from the last good checkpoint with --resume " + c.file()
                + " and a lower --lr (now " + (o.lr != null ? o.lr : "the model's default") + ")").orElse(
                "no checkpoint was saved before it (the first epoch ends with one): rerun with a lower --lr");
        return "kiln: " + resume + ", or add --skip-non-finite N to skip up to N such batches";
    }

    /** The cluster trainer on the class path (the spark module's), or a usage error saying how to get it. */
    private ClusterTraining cluster() {
        return ServiceLoader.load(ClusterTraining.class).findFirst().orElseThrow(() -> usage(
                "--spark needs Kiln's spark module and Spark on the class path; ./kiln has both"));
    }

    /** Every option checked before any data is located or read. */
    private void validate() {
        if (o.syncEvery < 1 || o.workers < 0) {
            throw usage("--sync-every must be ≥ 1 and --workers ≥ 0 (0: the cluster's cores), but are " + o.syncEvery + " and "
                    + o.workers);
        }
        if (o.spark != null && o.skipNonFinite > 0) {
            throw usage("--skip-non-finite does not work with --spark: one worker's batch cannot be skipped without the others'");
        }
        if (o.spark == null && (o.syncEvery != 1 || o.workers != 0)) {
            throw usage("--sync-every and --workers only apply with --spark");
        }
        if (o.epochs < 1 || o.batch < 1) {
            throw usage("--epochs and --batch must be at least 1, but are " + o.epochs + " and " + o.batch);
        }
        if (o.limitTrain < 0 || o.patience < 0 || o.warmup < 0 || o.skipNonFinite < 0) {
            throw usage("--limit-train, --patience, --warmup and --skip-non-finite must be ≥ 0 (0: all images / never / none / stop)");
        }
        if (!(o.labelSmoothing >= 0 && o.labelSmoothing < 1)) {
            throw usage("--label-smoothing must be in [0, 1), but is " + o.labelSmoothing);
        }
        if (o.lr != null && !(o.lr > 0)) {
            throw usage("--lr must be greater than 0, but is " + o.lr);
        }
        try {
            RunSetup.optimizer(o.optimizer, 0.1, o.momentum, o.weightDecay, false);
            RunSetup.schedule(o.schedule, 0.1, o.epochs, 0);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
