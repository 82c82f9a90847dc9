package dev.kiln.samples.cli;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.train.ConstantSchedule;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.samples.Json;
import dev.kiln.samples.SampleModel;
import dev.kiln.samples.training.FashionMnistRun;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kiln eval}: a checkpoint's test accuracy and confusion matrix on Fashion-MNIST. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a checkpoint on the Fashion-MNIST test set: accuracy, per-class accuracy, confusion matrix.")
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Mixin
    CheckpointOptions checkpoint;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST folder (else $KILN_DATA, Debian's package, ~/.kiln/datasets, or fetch).")
    Path data;

    @Option(names = "--batch", defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--json", description = "Print one JSON object with the results as the last line.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SampleModel sample = checkpoint.sample(spec.commandLine());
        Network net = checkpoint.load(spec.commandLine());
        try (FashionMnistRun run = new FashionMnistRun(Optional.ofNullable(data), 0, batch, 0, false)) {
            Trainer.Evaluation eval = new Trainer(net, new Sgd(0, 0, false, 0), new ConstantSchedule(0),
                    new Trainer.Config(1, 0, 0, 0, 0)).evaluate(run.test());
            System.out.print(eval.confusion().render(FashionMnist.CLASS_NAMES));
            if (json) {
                System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"checkpoint\":%s,\"test_loss\":%.6f,\"test_accuracy\":%.6f}%n",
                        sample.id(), Json.string(checkpoint.checkpoint.toString()), eval.loss(), eval.confusion().accuracy());
            }
        }
        return 0;
    }
}
