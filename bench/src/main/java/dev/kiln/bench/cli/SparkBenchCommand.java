package dev.kiln.bench.cli;

import dev.kiln.bench.spark.DistributedBench;
import dev.kiln.runtime.platform.NativeSelector;
import dev.kiln.samples.SampleModel;
import dev.kiln.samples.training.FashionMnistRun;
import dev.kiln.spark.SparkSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kiln spark-bench}: images/s and bytes per round of training on Spark against one process, at the same global batch. */
@Command(name = "spark-bench", mixinStandardHelpOptions = true,
        description = {"Train one epoch of the first --images Fashion-MNIST images in one process and on Spark for each K of "
                + "--sync-every, at the same global batch, in alternating rounds; prints images/s, their ratio to one process, "
                + "milliseconds and bytes of state per round. Nothing is asserted. See docs/distributed.md."})
final class SparkBenchCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, defaultValue = "resnet20", description = "Sample model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--batch", defaultValue = "128", description = "Global batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--images", defaultValue = "6400", description = "Training images per run (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--sync-every", split = ",", defaultValue = "1,4,16", paramLabel = "K",
            description = "Steps between averagings, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> syncEvery;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST folder (else found as ./kiln train finds it).")
    java.nio.file.Path dataDir;

    @Option(names = "--rounds", defaultValue = "2", description = "Timed rounds of every system in turn, after one untimed "
            + "warm-up round, so that the JVM has compiled every path (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws IOException {
        SampleModel m = SampleModel.byId(model).orElseThrow(() -> new IllegalArgumentException(
                "unknown model '" + model + "'; expected one of: " + SampleModel.ids()));
        System.out.println("kiln: " + NativeSelector.report());
        SparkConf conf = new SparkConf().setAppName("kiln spark-bench").setMaster(master.startsWith("local[") && !master.contains(",")
                ? master.replace("]", ",4]") : master).set("spark.ui.showConsoleProgress", "false");
        SparkSettings.forTraining(conf);
        try (JavaSparkContext sc = new JavaSparkContext(conf);
             FashionMnistRun data = new FashionMnistRun(Optional.ofNullable(dataDir), images, 1000, batch, 42, true)) {
            sc.setLogLevel("WARN");
            int workers = sc.defaultParallelism();
            DistributedBench bench = new DistributedBench(sc, m, data, batch, workers);
            List<List<DistributedBench.Result>> table = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                List<DistributedBench.Result> row = new ArrayList<>();
                row.add(print(round, bench.single()));
                for (int k : syncEvery) {
                    row.add(print(round, bench.spark(k)));
                }
                if (round > 0) {
                    table.add(row);
                }
            }
            System.out.printf(Locale.ROOT, "%n%s, %d images, global batch %d (%d workers × %d on Spark), medians over %d rounds:%n",
                    m.id(), data.trainImages(), batch, workers, batch / workers, rounds);
            System.out.printf(Locale.ROOT, "%-22s %4s %9s %8s %7s %10s %14s %14s%n", "system", "K", "img/s", "÷ one", "rounds",
                    "ms/round", "state MB/round", "result MB/round");
            for (int i = 0; i < table.get(0).size(); i++) {
                int col = i;
                List<DistributedBench.Result> runs = table.stream().map(r -> r.get(col)).toList();
                double speed = median(runs.stream().map(DistributedBench.Result::imagesPerSecond).toList());
                double ratio = median(table.stream().map(r -> r.get(col).imagesPerSecond() / r.get(0).imagesPerSecond()).toList());
                DistributedBench.Result r = runs.get(0);
                System.out.printf(Locale.ROOT, "%-22s %4s %9.1f %7.2f× %7d %10.1f %14.1f %14.1f%n", r.system(),
                        r.syncEvery() == 0 ? "-" : String.valueOf(r.syncEvery()), speed, ratio, r.rounds(),
                        median(runs.stream().map(DistributedBench.Result::msPerRound).toList()), r.stateBytesPerRound() / 1e6,
                        r.resultBytesPerRound() / 1e6);
            }
        }
        return 0;
    }

    private static DistributedBench.Result print(int round, DistributedBench.Result r) {
        String when = round == 0 ? "warm-up:" : "round " + round + ":";
        System.out.printf(Locale.ROOT, "%-9s %-22s K=%-3s %8.1f img/s, %d rounds of %.1f ms, train loss %.4f%n", when, r.system(),
                r.syncEvery() == 0 ? "-" : String.valueOf(r.syncEvery()), r.imagesPerSecond(), r.rounds(), r.msPerRound(),
                r.trainLoss());
        return r;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Comparator.naturalOrder());
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
