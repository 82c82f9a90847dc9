package dev.kiln.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./kiln}: the command line of Kiln's samples. */
@Command(
        name = "kiln",
        mixinStandardHelpOptions = true,
        version = "kiln 0.1.0",
        description = "Convolutional networks declared as annotated Java interfaces, checked and generated at compile time.",
        subcommands = {TrainCommand.class, EvalCommand.class, SummaryCommand.class, ProfileCommand.class,
                CommandLine.HelpCommand.class})
public final class KilnCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new KilnCommand()).execute(args));
    }
}
