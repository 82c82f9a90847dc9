package dev.kiln.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies one to three random mutations to a seed. Each is drawn from {@link Kind}, applied to the
 * model's file (seven times in ten) or to a block's, and described in words, so a failure says
 * exactly what was done. Everything comes from the given random stream: the same seed gives the
 * same mutant.
 */
final class Mutator {
    /** What came out: the mutated sources and one line per mutation applied. */
    record Mutant(SourceSet sources, List<String> steps, List<Kind> kinds) {}

    private Mutator() {}

    static Mutant mutate(SourceSet seed, SplittableRandom r) {
        int count = r.nextDouble() < 0.6 ? 1 : r.nextDouble() < 0.6 ? 2 : 3;
        SourceSet s = seed;
        List<String> steps = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        for (int tries = 0; steps.size() < count && tries < 50; tries++) {
            Kind kind = Values.pick(List.of(Kind.values()), r);
            String file = r.nextDouble() < 0.7 ? s.model() : Values.pick(s.names(), r);
            Edit.Result done = Edit.apply(kind, s, file, r);
            if (done != null) {
                s = done.sources();
                steps.add(kind + " " + file + ".java: " + done.what());
                kinds.add(kind);
            }
        }
        return new Mutant(s, steps, kinds);
    }
}
