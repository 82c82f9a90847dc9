package dev.kiln.bench.cli;

import dev.kiln.bench.MemorySoak;
import dev.kiln.bench.ProcessMemory;
import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.samples.SampleModel;
import dev.kiln.samples.training.FashionMnistRun;
import dev.kiln.samples.training.RunSetup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kiln soak}: a long training run that checks memory stays flat after warm-up. */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train for many steps on Fashion-MNIST and check that resident memory and ND4J's off-heap memory stay",
                "flat after warm-up (within --tolerance). Exit status 1 if they do not."})
final class SoakCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "resnet20", description = "Sample model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "5000", description = "Training steps (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--warmup", defaultValue = "500", description = "Steps before the baseline reading (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--every", defaultValue = "100", description = "Steps between readings (default: ${DEFAULT-VALUE}).")
    long every;

    @Option(names = "--tolerance", defaultValue = "0.05", description = "Largest allowed relative change after warm-up (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--lr", defaultValue = "0.05", description = "SGD learning rate, momentum 0.9 (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = "42", description = "Initialisation and shuffling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", description = "Directory with the Fashion-MNIST IDX files (default: search the usual places).")
    Path data;

    @Option(names = "--csv", description = "Write every reading to this CSV file.")
    Path csv;

    @Option(names = "--json", description = "Print a JSON line with the result last.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SampleModel sample = SampleModel.byId(model).orElseThrow(() -> usage(
                "unknown model '" + model + "'; expected one of: " + SampleModel.ids()));
        if (batch < 1 || steps < 1 || every < 1 || warmup < 0 || warmup >= steps) {
            throw usage("need --batch, --steps and --every ≥ 1 and 0 ≤ --warmup < --steps, but got "
                    + batch + ", " + steps + ", " + every + " and " + warmup);
        }
        if (!(tolerance > 0) || !(lr > 0)) {
            throw usage("--tolerance and --lr must be greater than 0, but are " + tolerance + " and " + lr);
        }
        if (!java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch")) {
            System.out.println("kiln: note: the heap is not pre-touched, so 'off-heap' (resident minus the JVM's committed pools)"
                    + " undercounts; for the documented check run with KILN_JAVA_OPTS=\"-Xms1g -Xmx1g -XX:+AlwaysPreTouch\"");
        }
        Network net = sample.create(seed);
        Optimizer sgd = RunSetup.optimizer("sgd", lr, 0.9, 1e-4, false);
        MemorySoak.Result r;
        try (FashionMnistRun run = new FashionMnistRun(Optional.ofNullable(data), 0, batch, seed, true)) {
            System.out.printf(Locale.ROOT, "kiln: soak %s, batch %d, %,d steps (baseline after %,d); the plan needs %.1f MiB%n",
                    sample.id(), batch, steps, warmup, ProcessMemory.mib(net.trainingBytes(batch)));
            r = new MemorySoak(net, sgd, run.train()).run(steps, warmup, every, System.out);
        }
        if (csv != null) {
            MemorySoak.writeCsv(csv, r);
        }
        ProcessMemory base = r.baseline().memory();
        ProcessMemory last = r.samples().get(r.samples().size() - 1).memory();
        boolean flat = r.drift() <= tolerance;
        System.out.printf(Locale.ROOT, "kiln: after warm-up (step %d): resident %.1f → %.1f MiB, largest change %.2f %%;"
                        + " off-heap %.1f → %.1f MiB, largest change %.2f %%; peak resident %.1f MiB%n",
                r.baseline().step(), ProcessMemory.mib(base.residentBytes()), ProcessMemory.mib(last.residentBytes()),
                100 * r.residentDrift(), ProcessMemory.mib(base.offHeapBytes()), ProcessMemory.mib(last.offHeapBytes()),
                100 * r.offHeapDrift(), ProcessMemory.mib(last.peakResidentBytes()));
        System.out.printf(Locale.ROOT, "kiln: memory %s within %.1f %% after warm-up%n", flat ? "flat" : "NOT flat", 100 * tolerance);
        if (json) {
            System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"batch\":%d,\"steps\":%d,\"warmup\":%d,\"resident_drift\":%.6f,"
                            + "\"offheap_drift\":%.6f,\"baseline_resident_bytes\":%d,\"final_resident_bytes\":%d,"
                            + "\"baseline_offheap_bytes\":%d,\"final_offheap_bytes\":%d,\"seconds\":%.1f,\"flat\":%s}%n",
                    sample.id(), batch, steps, r.baseline().step(), r.residentDrift(), r.offHeapDrift(), base.residentBytes(),
                    last.residentBytes(), base.offHeapBytes(), last.offHeapBytes(),
                    r.samples().get(r.samples().size() - 1).seconds(), flat);
        }
        return flat ? 0 : 1;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
