package dev.kiln.samples.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./kiln bench}'s run: every system on every (model, batch) configuration, each in its own
 * process ({@link ChildProcess}), then the convolution limit of each configuration, timed in this
 * process once the children are done. Progress and problems go to {@code log}; the figures come
 * back for {@link BenchReport}.
 */
public final class Benchmark {
    /** Systems in the order they are run and shown; {@code kiln} is the one ratios are taken against. */
    public static final List<String> SYSTEMS = List.of("kiln", "dl4j", "dl4j-helpers", "pytorch");

    private final List<BenchModel> models;
    private final List<Integer> batches;
    private final List<String> systems;
    private final Timer timer;
    private final int threads;
    private final boolean limit;

    public Benchmark(List<BenchModel> models, List<Integer> batches, List<String> systems, Timer timer, int threads, boolean limit) {
        this.models = List.copyOf(models);
        this.batches = List.copyOf(batches);
        this.systems = SYSTEMS.stream().filter(systems::contains).toList();
        this.timer = timer;
        this.threads = threads;
        this.limit = limit;
    }

    /** What one configuration measured: each system that ran, and the convolution limit (null when not measured). */
    public record Row(BenchModel model, int batch, Map<String, BenchResult> systems, ConvLimit.Sum limit) {}

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
                    if (o.result().isPresent()) {
                        measured.put(system, o.result().get());
                    } else if (o.skipped()) {
                        skipped.put(system, o.problem());
                        log.printf("kiln bench: %s skipped: %s%n", system, o.problem());
                    } else {
                        log.printf("kiln bench: %s failed on %s, batch %d: %s%n", system, model.id(), batch, o.problem());
                    }
                }
                rows.add(new Row(model, batch, measured, null));
            }
        }
        if (!limit) {
            return rows;
        }
        Map<Integer, ConvLimit> limits = new LinkedHashMap<>();
        List<Row> withLimits = new ArrayList<>();
        for (Row r : rows) {
            log.printf("kiln bench: %s, batch %d, convolutions alone…%n", r.model().id(), r.batch());
            ConvLimit l = limits.computeIfAbsent(r.batch(), b -> new ConvLimit(b, timer));
            withLimits.add(new Row(r.model(), r.batch(), r.systems(), l.of(r.model())));
        }
        return withLimits;
    }
}
