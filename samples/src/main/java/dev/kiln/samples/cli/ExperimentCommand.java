package dev.kiln.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./kiln experiment}: the experiments that reproduce the findings behind residual networks. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Experiments that reproduce published findings on Fashion-MNIST.",
        subcommands = {DegradationCommand.class})
final class ExperimentCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name an experiment: degradation");
    }
}
