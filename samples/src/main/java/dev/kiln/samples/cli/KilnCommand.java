package dev.kiln.samples.cli;

import dev.kiln.runtime.platform.NativeSelector;
import dev.kiln.runtime.platform.SelectingBackendGuard;
import dev.kiln.runtime.platform.UnsupportedNativeBuildException;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./kiln}: the command line of Kiln's samples; the subcommands on the class path that a
 * {@link CommandExtension} supplies (the bench module's) follow the samples' own, then {@code help}.
 */
@Command(
        name = "kiln",
        mixinStandardHelpOptions = true,
        version = "kiln 0.1.0",
        description = "Convolutional networks declared as annotated Java interfaces, checked and generated at compile time.",
        subcommands = {TrainCommand.class, EvalCommand.class, ExportCommand.class, SummaryCommand.class, ExperimentCommand.class})
public final class KilnCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // Before anything touches ND4J: a forced native build this CPU cannot run is a usage
        // error here, not a SIGILL later (dev.kiln.runtime.platform).
        try {
            NativeSelector.ensure();
        } catch (UnsupportedNativeBuildException e) {
            System.err.println("kiln: " + e.getMessage());
            System.exit(SelectingBackendGuard.EXIT_STATUS);
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, with errors a user can act on (missing data, a bad file or checkpoint)
     * printed as one line, not a stack trace; set KILN_DEBUG=1 to see the trace.
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new KilnCommand());
        for (CommandExtension extension : ServiceLoader.load(CommandExtension.class)) {
            extension.commands().forEach(cl::addSubcommand);
        }
        cl.addSubcommand(CommandLine.HelpCommand.class);
        // After every subcommand is added: the handler applies to those there now.
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (System.getenv("KILN_DEBUG") == null && (e instanceof java.io.IOException
                    || e instanceof java.io.UncheckedIOException || e instanceof IllegalArgumentException
                    || e instanceof ArithmeticException)) {
                line.getErr().println("kiln: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl;
    }
}
