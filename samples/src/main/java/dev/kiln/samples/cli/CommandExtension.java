package dev.kiln.samples.cli;

import java.util.List;

/**
 * More subcommands for {@code kiln}, found on the class path with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/dev.kiln.samples.cli.CommandExtension} file naming the
 * implementation): how the bench module adds {@code profile}, {@code bench} and {@code soak}
 * without the samples depending on it. {@code ./kiln} runs on the bench module's class path, so
 * it has them; the samples alone have the others.
 */
public interface CommandExtension {
    /**
     * The picocli commands to add, in the order {@code kiln --help} lists them: each a
     * {@code @Command}-annotated object or class, as {@link picocli.CommandLine#addSubcommand(Object)} takes.
     */
    List<Object> commands();
}
