package dev.kiln.bench.cli;

import dev.kiln.bench.LayerProfile;
import dev.kiln.runtime.platform.NativeSelector;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kiln profile}: milliseconds per layer kind of a ResNet-20 training step. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Time each kernel of a ResNet-20 training step on its real shapes, forward and backward, per layer kind.")
final class ProfileCommand implements Callable<Integer> {
    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--repeats", defaultValue = "7", description = "Timed runs per kernel; the median is shown (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public Integer call() {
        if (batch < 1 || repeats < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--batch and --repeats must be at least 1, but got " + batch + " and " + repeats);
        }
        System.out.println(NativeSelector.report());
        new LayerProfile(batch, repeats).run(System.out);
        return 0;
    }
}
