package dev.kiln.samples.cli;

import dev.kiln.samples.SampleModel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kiln summary [--model resnet20]}: the layer table the processor computed at compile time. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print each sample model's layers: output shapes, parameters, multiply-accumulates and FLOPs.")
final class SummaryCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, paramLabel = "NAME",
            description = "One model (default: all). One of: ${COMPLETION-CANDIDATES}.",
            completionCandidates = ModelNames.class)
    String model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<SampleModel> models = model == null ? Arrays.asList(SampleModel.values())
                : List.of(SampleModel.byId(model).orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(), "unknown model '" + model + "'; expected one of: " + SampleModel.ids())));
        for (int i = 0; i < models.size(); i++) {
            System.out.print((i == 0 ? "" : "\n") + models.get(i).summary());
        }
        return 0;
    }

    /** The model names, for help and shell completion. */
    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(SampleModel.values()).map(SampleModel::id).iterator();
        }
    }
}
