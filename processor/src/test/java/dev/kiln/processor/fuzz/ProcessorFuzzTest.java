package dev.kiln.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.processor.KilnProcessor;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mutates the valid sample declarations (delete, duplicate, swap or rename methods and
 * parameters, set values to 0, negative, huge or the wrong type, add or remove annotations and
 * attributes, swap blocks, close cycles, truncate files) and compiles each mutant with the
 * processor. Every case must end cleanly (and then the generated class runs {@code predict}),
 * with Kiln's diagnostics, or with javac's own errors; never a crash, an internal error, a hang,
 * generated code that does not compile, or a {@code predict} that fails.
 *
 * <p>System properties: {@code kiln.fuzz.count} cases (200 by default, about 25 s; {@code -Pfuzz}
 * runs 2,000), {@code kiln.fuzz.seed} (a number, or {@code random} for a fresh one; by default 2026, the recorded run, so that a build never fails on a newly drawn case; always printed), {@code kiln.fuzz.case} to
 * replay one case of a seed, {@code kiln.fuzz.timeoutSeconds} per case (60),
 * {@code kiln.fuzz.memoryMiB} the most a generated network may need to be run (256).
 */
class ProcessorFuzzTest {
    private static final long MIX = 0x9E3779B97F4A7C15L;

    @Test
    void mutantsGiveDiagnosticsOrRunningNetworksNeverCrashes() {
        long seed = seed();
        int count = Integer.getInteger("kiln.fuzz.count", 200);
        Integer only = Integer.getInteger("kiln.fuzz.case");
        Duration limit = Duration.ofSeconds(Integer.getInteger("kiln.fuzz.timeoutSeconds", 60));
        long budget = Integer.getInteger("kiln.fuzz.memoryMiB", 256) * (1L << 20);
        System.out.printf("ProcessorFuzzTest: %d cases, seed %d (replay with -Dkiln.fuzz.seed=%d)%n", count, seed, seed);
        List<SourceSet> seeds = Seeds.all();
        Tally tally = new Tally();
        long start = System.nanoTime();
        try (CaseRunner runner = new CaseRunner(KilnProcessor::new, limit, budget)) {
            for (int i = 0; i < count; i++) {
                if (only != null && only != i) {
                    continue;
                }
                long caseSeed = seed + MIX * (i + 1);
                SplittableRandom r = new SplittableRandom(caseSeed);
                Mutator.Mutant m = Mutator.mutate(seeds.get(r.nextInt(seeds.size())), r);
                Outcome o = runner.run(m.sources(), caseSeed);
                tally.add(m.kinds(), o);
                if (o.type().failure() || only != null) {
                    System.out.printf("case %d (-Dkiln.fuzz.seed=%d -Dkiln.fuzz.case=%d): %s: %s%n  %s%n%s", i, seed, i,
                            o.type(), o.detail(), String.join("\n  ", m.steps()), m.sources().listing());
                }
            }
            System.out.printf("ProcessorFuzzTest: seed %d, %.1f s (%s)%n%s", seed, (System.nanoTime() - start) / 1e9,
                    runner.timing(), tally.report());
        }
        assertEquals(0, tally.failures(), "failures among " + tally.cases() + " mutants of seed " + seed
                + " (replay with -Dkiln.fuzz.seed=" + seed + "):\n" + tally.report());
        if (only == null && count >= 100) {
            // A harness that lost its way (every case javac's error, say) would pass vacuously.
            assertTrue(tally.count(Outcome.Type.CLEAN_PREDICT_OK) > 0 && tally.count(Outcome.Type.KILN_DIAGNOSTICS) > 0,
                    tally.report());
        }
    }

    /** {@code -Dkiln.fuzz.seed}: a number or {@code random}; by default the recorded run's seed, 2026. */
    private static long seed() {
        String v = System.getProperty("kiln.fuzz.seed");
        if (v == null) {
            return 2026;
        }
        return v.equals("random") ? new SplittableRandom().nextLong() : Long.parseLong(v);
    }
}
