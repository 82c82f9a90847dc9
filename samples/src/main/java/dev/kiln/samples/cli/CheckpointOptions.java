package dev.kiln.samples.cli;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.samples.SampleModel;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of a command that reads a checkpoint of a sample model ({@code eval}, {@code export}), as a picocli mixin. */
final class CheckpointOptions {
    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A checkpoint.npz written by train.")
    Path checkpoint;

    @Option(names = {"-m", "--model"}, defaultValue = "lenet", paramLabel = "NAME",
            description = "The model the checkpoint holds (default: ${DEFAULT-VALUE}).")
    String model;

    /** The sample model named by {@code --model}, or a usage error listing the names. */
    SampleModel sample(CommandLine commandLine) {
        return SampleModel.byId(model).orElseThrow(() -> new CommandLine.ParameterException(
                commandLine, "unknown model '" + model + "'; expected one of: " + SampleModel.ids()));
    }

    /** A network of that model with the checkpoint's parameters and state; a checkpoint of another model says so. */
    Network load(CommandLine commandLine) throws IOException {
        Network net = sample(commandLine).create(0);
        Checkpoint.load(checkpoint, net);
        return net;
    }
}
