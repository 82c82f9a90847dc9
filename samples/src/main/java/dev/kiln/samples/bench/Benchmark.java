package dev.kiln.samples.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./kiln bench}'s run: every system on every (model, batch) configuration, each in its own
 * process ({@link ChildProcess}); Kiln's process also times the convolutions alone. Progress and
 * problems go to {@code log}; the figures come back for {@link BenchReport}.
 */
public final class Benchmark {
    /** Systems in the order they are run and shown; {@code kiln} is the one ratios are taken against. */
    public static final List<String> SYSTEMS = List.of("kiln", "dl4j", "dl4j-helpers", "pytorch");

    private final List<BenchModel> models;
    private final List<Integer> batches;
    private final List<String> systems;
    private final Timer timer;
    private final int threads;

    public Benchmark(List<BenchModel> models, List<Integer> batches, List<String> systems, Timer timer, int threads) {
        this.models = List.copyOf(models);
        this.batches = List.copyOf(batches);
        this.systems = SYSTEMS.stream().filter(systems::contains).toList();
        this.timer = timer;
        this.threads = threads;
    }

    /** What one configuration measured, by system ({@link ConvLimit#SYSTEM} among them when Kiln ran). */
    public record Row(BenchModel model, int batch, Map<String, BenchResult> systems) {}

    public List<Row> run(PrintStream log) {
        ChildProcess children = new ChildProcess(timer, threads);
        Map<String, String> skipped = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        for (BenchModel model : models) {
            for (int batch : batches) {
                Map<String, BenchResult> measured = new LinkedHashMap<>();
                for (String system : systems) {
                    if (skipped.containsKey(system)) {
                        continue;
                    }
                    log.printf("kiln bench: %s, batch %d, %s…%n", model.id(), batch, system);
                    ChildProcess.Outcome o = children.run(system, model, batch);
                    o.results().forEach(r -> measured.put(r.system(), r));
                    if (o.skipped()) {
                        skipped.put(system, o.problem());
                        log.printf("kiln bench: %s skipped: %s%n", system, o.problem());
                    } else if (o.results().isEmpty()) {
                        log.printf("kiln bench: %s failed on %s, batch %d: %s%n", system, model.id(), batch, o.problem());
                    }
                }
                rows.add(new Row(model, batch, measured));
            }
        }
        return rows;
    }
}
