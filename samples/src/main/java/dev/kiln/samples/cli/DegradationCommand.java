package dev.kiln.samples.cli;

import dev.kiln.samples.Json;
import dev.kiln.samples.experiment.DegradationExperiment;
import dev.kiln.samples.experiment.DegradationSettings;
import dev.kiln.samples.experiment.Twin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kiln experiment degradation}: plain nets and their residual twins as depth grows (He et al. 2015). */
@Command(name = "degradation", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train Plain-N and ResNet-N at each depth with the same data, initialisation seed, optimizer "
                + "and schedule; write a CSV per network, errors.png, gradients.csv/png and report.md to --out.",
                "The defaults are the committed run of docs/results/degradation (about an hour on two cores); "
                        + "'--epochs 1 --limit-train 500 --limit-test 500' finishes in a few minutes."})
final class DegradationCommand implements Callable<Integer> {
    @Option(names = "--depths", split = ",", defaultValue = "20,56", paramLabel = "D,D",
            description = "Depths to compare: 20, 32, 44, 56, 110 (default: ${DEFAULT-VALUE}).")
    List<Integer> depths;

    @Option(names = "--epochs", defaultValue = "20", description = "Epochs per network (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--limit-train", defaultValue = "8000", paramLabel = "N",
            description = "Train on the first N images, 0 for all 60,000 (default: ${DEFAULT-VALUE}).")
    int limitTrain;

    @Option(names = "--limit-test", defaultValue = "2000", paramLabel = "N",
            description = "Evaluate on the first N test images, 0 for all 10,000 (default: ${DEFAULT-VALUE}).")
    int limitTest;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.1", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Nesterov momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "Weight decay, as the paper (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--schedule", defaultValue = "step",
            description = "step (÷10 after half and three quarters of the epochs, as the paper), cosine or constant (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--warmup", defaultValue = "125", paramLabel = "STEPS",
            description = "Linear warm-up steps, for every network alike; the paper warms its deepest net up (default: ${DEFAULT-VALUE}, two epochs of 8,000 images).")
    int warmup;

    @Option(names = "--no-augment", description = "Switch off random crops and flips.")
    boolean noAugment;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for initialisation, data order and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST folder (else $KILN_DATA, Debian's package, ~/.kiln/datasets, or fetch).")
    Path data;

    @Option(names = "--out", defaultValue = "runs/degradation", paramLabel = "DIR",
            description = "Where the CSVs, figures and report go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object mapping each network to its final train_error and test_error as the last line.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        DegradationSettings settings;
        try {
            settings = new DegradationSettings(depths, epochs, limitTrain, limitTest, batch, lr, momentum, weightDecay,
                    schedule, warmup, !noAugment, seed, Optional.ofNullable(data), out);
            dev.kiln.samples.training.RunSetup.schedule(schedule, lr, epochs, 0);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        // originalArgs holds the whole command line from the top command: "experiment degradation --epochs …"
        String command = "./kiln " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        DegradationExperiment.Outcome outcome = new DegradationExperiment(settings, System.out).run(command.strip());
        System.out.printf(Locale.ROOT, "kiln: wrote %s (report.md, errors.png, gradients.png, one CSV per network) in %.0f s%n",
                settings.out(), outcome.seconds());
        if (json) {
            StringBuilder sb = new StringBuilder("{");
            for (Twin t : settings.twins()) {
                sb.append(sb.length() > 1 ? "," : "").append(String.format(Locale.ROOT,
                        "\"%s\":{\"train_error\":%s,\"test_error\":%s}", t.id(), Json.number(outcome.last(t).trainError()),
                        Json.number(outcome.last(t).testError())));
            }
            System.out.println(sb.append('}'));
        }
        return 0;
    }
}
