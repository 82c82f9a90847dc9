package dev.kiln.bench.cli;

import dev.kiln.samples.cli.CommandExtension;
import java.util.List;

/** The bench module's subcommands of {@code kiln}, found through {@code META-INF/services}. */
public final class BenchCommands implements CommandExtension {
    @Override
    public List<Object> commands() {
        return List.of(new ProfileCommand(), new BenchCommand(), new SparkBenchCommand(), new SoakCommand());
    }
}
