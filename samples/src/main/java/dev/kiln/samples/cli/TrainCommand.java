package dev.kiln.samples.cli;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.io.TrainingState;
import dev.kiln.runtime.metrics.EpochCsv;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Progress;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingListener;
import dev.kiln.samples.SampleModel;
import dev.kiln.samples.training.FashionMnistRun;
import dev.kiln.samples.training.RunSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./kiln train}: a sample model on Fashion-MNIST, with per-epoch CSV and checkpoints. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a sample model on Fashion-MNIST; writes metrics.csv, checkpoint.npz and confusion.csv to --out.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    TrainOptions o;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SampleModel sample = SampleModel.byId(o.model).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "unknown model '" + o.model + "'; expected one of: " + SampleModel.ids()));
        if (o.epochs < 1 || o.batch < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--epochs and --batch must be at least 1");
        }
        Network net = sample.create(o.seed);
        double lr = o.lr != null ? o.lr : sample.defaultLearningRate();
        Optimizer optimizer = RunSetup.optimizer(o.optimizer, lr, o.momentum, o.weightDecay, o.decayNormAndBias);
        Trainer trainer = new Trainer(net, optimizer, RunSetup.schedule(o.schedule, lr, o.epochs, o.warmup),
                new Trainer.Config(o.epochs, o.labelSmoothing, o.patience, 1e-4, o.seed));
        int first = 1;
        if (o.resume != null) {
            TrainingState state = Checkpoint.load(o.resume, net, optimizer);
            first = state.epoch() + 1;
            trainer.resumeAt(state.step());
            System.out.printf(Locale.ROOT, "kiln: resuming %s from %s after epoch %d (step %d)%n", sample.id(), o.resume,
                    state.epoch(), state.step());
        }
        Files.createDirectories(o.out);
        Path checkpoint = o.out.resolve("checkpoint.npz");
        EpochCsv csv = new EpochCsv(o.out.resolve("metrics.csv"), o.resume != null);
        long start = System.nanoTime();
        try (FashionMnistRun data = new FashionMnistRun(Optional.ofNullable(o.data), o.limitTrain, o.batch, o.seed, !o.noAugment)) {
            System.out.printf(Locale.ROOT, "kiln: training %s (%,d parameters) on %,d Fashion-MNIST images, batch %d, %s, lr %s (%s)%n",
                    sample.id(), sample.parameters(), data.trainImages(), o.batch, o.optimizer, lr, o.schedule);
            trainer.listen(Progress.onStdout()).listen(new TrainingListener() {
                @Override
                public void onEpochEnd(EpochResult r) {
                    try {
                        csv.append(r.epoch(), r.trainLoss(), r.trainError(), r.testLoss(), r.testError(), r.learningRate(), r.seconds());
                        Checkpoint.save(checkpoint, net, optimizer, new TrainingState(r.epoch(), r.step(), new long[] {o.seed}));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            List<EpochResult> results = trainer.fit(data.train(), data.test(), first);
            Trainer.Evaluation eval = trainer.evaluate(data.test());
            eval.confusion().writeCsv(o.out.resolve("confusion.csv"), FashionMnist.CLASS_NAMES);
            System.out.print(eval.confusion().render(FashionMnist.CLASS_NAMES));
            double seconds = (System.nanoTime() - start) / 1e9;
            EpochResult last = results.isEmpty() ? null : results.get(results.size() - 1);
            int trained = results.stream().mapToInt(EpochResult::trainImages).sum();
            double trainSeconds = results.stream().mapToDouble(EpochResult::seconds).sum();
            System.out.printf(Locale.ROOT, "kiln: test accuracy %.2f %% after %d epochs, %.0f s; wrote %s%n",
                    100 * eval.confusion().accuracy(), last == null ? first - 1 : last.epoch(), seconds, o.out);
            if (o.json) {
                System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"epochs\":%d,\"train_images\":%d,\"train_loss\":%.6f,"
                                + "\"train_error\":%.6f,\"test_loss\":%.6f,\"test_accuracy\":%.6f,\"seconds\":%.1f,\"img_per_s\":%.1f}%n",
                        sample.id(), last == null ? 0 : last.epoch(), data.trainImages(), last == null ? Double.NaN : last.trainLoss(),
                        last == null ? Double.NaN : last.trainError(), eval.loss(), eval.confusion().accuracy(), seconds,
                        trainSeconds > 0 ? trained / trainSeconds : 0);
            }
        }
        return 0;
    }
}
