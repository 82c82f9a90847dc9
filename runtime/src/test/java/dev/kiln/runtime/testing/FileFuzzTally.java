package dev.kiln.runtime.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the file fuzzers saw: by mutation kind, how many reads ended how, and every failure in words. */
public final class FileFuzzTally {
    /** Outcomes that are fine: a clear format error, or a read that gave exactly what the bytes hold. */
    public static final String CLEAR_ERROR = "clear error";
    public static final String READ_CORRECTLY = "read correctly";

    private final String format;
    private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private long largestAllocation;

    public FileFuzzTally(String format) {
        this.format = format;
    }

    public void ok(String kind, String outcome, long allocated) {
        counts.computeIfAbsent(kind, k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
        largestAllocation = Math.max(largestAllocation, allocated);
    }

    public void fail(String kind, String failure, String detail) {
        counts.computeIfAbsent(kind, k -> new TreeMap<>()).merge("FAILURE " + failure, 1, Integer::sum);
        failures.add(kind + ": " + failure + ": " + detail);
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    public int total() {
        return counts.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
    }

    public int count(String outcome) {
        return counts.values().stream().mapToInt(m -> m.getOrDefault(outcome, 0)).sum();
    }

    public String report() {
        StringBuilder s = new StringBuilder(String.format("%s: %,d files, %d failures, largest allocation %,d bytes%n",
                format, total(), failures.size(), largestAllocation));
        counts.forEach((kind, m) -> s.append(String.format("  %-17s %s%n", kind, m)));
        failures.stream().limit(20).forEach(f -> s.append("  ").append(f).append('\n'));
        return s.toString();
    }
}
