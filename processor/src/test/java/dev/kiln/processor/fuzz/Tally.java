package dev.kiln.processor.fuzz;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of what the fuzzer tried and what came of it, printed as the table docs/reliability.md quotes. */
final class Tally {
    private final Map<Outcome.Type, Integer> outcomes = new EnumMap<>(Outcome.Type.class);
    private final Map<Kind, Map<Outcome.Type, Integer>> byKind = new EnumMap<>(Kind.class);
    private final Map<String, Integer> codes = new TreeMap<>();
    private int cases;
    private int mutations;

    void add(List<Kind> kinds, Outcome o) {
        cases++;
        mutations += kinds.size();
        outcomes.merge(o.type(), 1, Integer::sum);
        for (Kind k : kinds) {
            byKind.computeIfAbsent(k, x -> new EnumMap<>(Outcome.Type.class)).merge(o.type(), 1, Integer::sum);
        }
        if (o.type() == Outcome.Type.KILN_DIAGNOSTICS) {
            for (String tag : o.detail().split(" ")) {
                codes.merge(tag, 1, Integer::sum);
            }
        }
    }

    int cases() {
        return cases;
    }

    int count(Outcome.Type t) {
        return outcomes.getOrDefault(t, 0);
    }

    int failures() {
        return outcomes.entrySet().stream().filter(e -> e.getKey().failure()).mapToInt(Map.Entry::getValue).sum();
    }

    String report() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%,d cases, %,d mutations, %d failures%n", cases, mutations, failures()));
        for (Outcome.Type t : Outcome.Type.values()) {
            s.append(String.format("  %-24s %6d%n", t, count(t)));
        }
        s.append("by mutation kind (a case counts under each kind it applied): clean+run / too large / no model / Kiln / javac / failures\n");
        byKind.forEach((k, m) -> s.append(String.format("  %-18s %5d %5d %5d %5d %5d %5d%n", k,
                m.getOrDefault(Outcome.Type.CLEAN_PREDICT_OK, 0), m.getOrDefault(Outcome.Type.CLEAN_TOO_LARGE_TO_RUN, 0),
                m.getOrDefault(Outcome.Type.CLEAN_NO_MODEL, 0), m.getOrDefault(Outcome.Type.KILN_DIAGNOSTICS, 0),
                m.getOrDefault(Outcome.Type.JAVAC_ONLY, 0),
                m.entrySet().stream().filter(e -> e.getKey().failure()).mapToInt(Map.Entry::getValue).sum())));
        s.append("Kiln codes seen (cases): ");
        codes.forEach((c, n) -> s.append(c).append(' ').append(n).append(", "));
        return s.append('\n').toString();
    }
}
