package dev.kiln.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./kiln bench}'s run: every system on every (model, batch) configuration, each in its own
 * process ({@link ChildProcess}), in {@code rounds} rounds in which Kiln runs before and after
 * every other system ({@link Rounds}); Kiln's process also splits its step and times the convolutions alone. Progress and problems go to
 * {@code log}; the figures come back for {@link BenchReport}.
 */
public final class Benchmark {
    /** Systems in the order they are run and shown; {@code kiln} is the one ratios are taken against. */
    public static final List<String> SYSTEMS = List.of("kiln", "kiln-unfolded", "kiln-bn-loops", "dl4j", "dl4j-helpers", "pytorch",
            "pytorch-jit", "onnxruntime");

    private final List<BenchModel> models;
    private final List<Integer> batches;
    private final List<String> systems;
    private final Timer timer;
    private final int threads;
    private final int rounds;
    private final boolean inferenceOnly;

    public Benchmark(List<BenchModel> models, List<Integer> batches, List<String> systems, Timer timer, int threads, int rounds) {
        this(models, batches, systems, timer, threads, rounds, false);
    }

    /** With {@code inferenceOnly}, every system times inference alone ({@link Measure#INFERENCE_ONLY}). */
    public Benchmark(List<BenchModel> models, List<Integer> batches, List<String> systems, Timer timer, int threads, int rounds,
                     boolean inferenceOnly) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, but is " + rounds);
        }
        this.models = List.copyOf(models);
        this.batches = List.copyOf(batches);
        this.systems = SYSTEMS.stream().filter(systems::contains).toList();
        this.timer = timer;
        this.threads = threads;
        this.rounds = rounds;
        this.inferenceOnly = inferenceOnly;
    }

    /**
     * What one configuration measured: its rounds, and by system ({@link ConvLimit#SYSTEM} among
     * them when Kiln ran) the medians over them.
     */
    public record Row(BenchModel model, int batch, Rounds rounds, Map<String, BenchResult> systems) {
        public Row(BenchModel model, int batch, Rounds rounds) {
            this(model, batch, rounds, rounds.merged());
        }
    }

    public List<Row> run(PrintStream log) {
        ChildProcess children = new ChildProcess(timer, threads, inferenceOnly);
        Map<String, String> skipped = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        for (BenchModel model : models) {
            for (int batch : batches) {
                List<List<List<BenchResult>>> measured = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    List<List<BenchResult>> inRound = new ArrayList<>();
                    for (String system : order(systems)) {
                        if (skipped.containsKey(system)) {
                            continue;
                        }
                        log.printf("kiln bench: %s, batch %d, %s%s…%n", model.id(), batch, system,
                                rounds == 1 ? "" : ", round " + round + " of " + rounds);
                        ChildProcess.Outcome o = children.run(system, model, batch);
                        inRound.add(o.results());
                        if (o.skipped()) {
                            skipped.put(system, o.problem());
                            log.printf("kiln bench: %s skipped: %s%n", system, o.problem());
                        } else if (o.results().isEmpty()) {
                            log.printf("kiln bench: %s failed on %s, batch %d: %s%n", system, model.id(), batch, o.problem());
                        }
                    }
                    measured.add(inRound);
                }
                rows.add(new Row(model, batch, new Rounds(measured)));
            }
        }
        return rows;
    }

    /**
     * The processes of one round: with Kiln among the systems, Kiln first and again after each
     * other system, so that every peer has a Kiln run on both sides ({@link Rounds}).
     */
    static List<String> order(List<String> systems) {
        if (!systems.contains("kiln")) {
            return systems;
        }
        List<String> order = new ArrayList<>(List.of("kiln"));
        for (String s : systems) {
            if (!s.equals("kiln")) {
                order.add(s);
                order.add("kiln");
            }
        }
        return order;
    }
}
