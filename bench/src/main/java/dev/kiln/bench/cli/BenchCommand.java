package dev.kiln.bench.cli;

import dev.kiln.bench.BenchModel;
import dev.kiln.bench.BenchReport;
import dev.kiln.bench.Benchmark;
import dev.kiln.bench.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kiln bench}: training and inference images/s of Kiln against DL4J (and PyTorch), each system in its own process. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time training steps and inference of ResNets on random 1×28×28 batches, Kiln against DL4J's "
                + "ComputationGraph (and PyTorch, and DL4J with its oneDNN helpers forced, when asked), each system in a "
                + "process of its own; medians after warm-up, images/s, ratios, peak memory, and the convolutions-alone limit.",
                "Figures print; nothing is asserted. See docs/performance.md, \"Benchmark\"."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, split = ",", defaultValue = "resnet20,resnet56", paramLabel = "NAME",
            description = "Networks, comma-separated (default: ${DEFAULT-VALUE}); resnet20, resnet32, resnet44, resnet56, resnet110.")
    List<String> models;

    @Option(names = "--batch", split = ",", defaultValue = "32,128", paramLabel = "N",
            description = "Batch sizes, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--systems", split = ",", defaultValue = "kiln,dl4j", paramLabel = "SYSTEM",
            description = "Systems, comma-separated (default: ${DEFAULT-VALUE}); also dl4j-helpers (DL4J with its oneDNN "
                    + "helpers forced through bench/dl4j-helpers), pytorch (bench/pytorch_resnet.py, skipped without torch), "
                    + "pytorch-jit (the same, inference by torch.jit.optimize_for_inference), onnxruntime (the network as Kiln "
                    + "exports it, in ONNX Runtime; inference only) and kiln-unfolded (Kiln with each batch norm a pass of its "
                    + "own at inference, as before folding), kiln-bn-loops (Kiln with batch norm's training calls on its Java "
                    + "loops instead of oneDNN, -Dkiln.dnnlBatchNorm=false). At batch 1 inference is timed over 300 calls, with the 99th percentile.")
    List<String> systems;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed runs before timing, so that the JVM's "
            + "compiler has compiled the hot loops (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "3", description = "Keep warming up until this many seconds "
            + "have passed as well (at most 500 runs): small batches need more untimed steps before the JVM has compiled "
            + "them; every system gets the same (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--repeats", defaultValue = "7", description = "Timed runs; the median is shown (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--rounds", defaultValue = "1", description = "Rounds of one process per system, Kiln running again "
            + "after each other system; figures are medians over the runs, and each ratio is the median of the ratios to the "
            + "mean of the Kiln runs just before and after, with their range. More rounds steady a comparison on a shared "
            + "machine (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--threads", description = "Threads for PyTorch (default: this machine's cores; ND4J uses them all).")
    Integer threads;

    @Option(names = "--inference-only", description = "Time inference alone: no training steps, no convolutions-alone "
            + "limit; for latency and inference comparisons, which then take minutes rather than tens of them.")
    boolean inferenceOnly;

    @Option(names = "--json", description = "One JSON object per configuration and system instead of the tables.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<BenchModel> chosen = new ArrayList<>();
        for (String m : models) {
            chosen.add(BenchModel.byId(m).orElseThrow(() -> usage("unknown model '" + m + "'; expected one of: " + BenchModel.ids())));
        }
        for (String s : systems) {
            if (!Benchmark.SYSTEMS.contains(s)) {
                throw usage("unknown system '" + s + "'; expected some of: " + String.join(", ", Benchmark.SYSTEMS));
            }
        }
        if (batches.stream().anyMatch(b -> b < 1) || warmup < 0 || !(warmupSeconds >= 0) || repeats < 1 || rounds < 1) {
            throw usage("--batch, --repeats and --rounds must be at least 1 and --warmup and --warmup-seconds at least 0");
        }
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Benchmark bench = new Benchmark(chosen, batches, systems, new Timer(warmup, repeats, warmupSeconds), t, rounds,
                inferenceOnly);
        BenchReport.print(bench.run(System.err), json, System.out);
        return 0;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
