package dev.kiln.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The rounds of one configuration. A round runs Kiln, then each other system followed by Kiln
 * again ({@code kiln, dl4j-helpers, kiln, pytorch, kiln}), every one in a process of its own, so
 * that each peer is bracketed by a Kiln run just before and just after it: on a shared machine
 * whose speed drifts, Kiln's figure for the comparison is the mean of the two (an A-B-A design,
 * which cancels a drift that is steady over the three runs). Figures a Kiln process reports for
 * itself (the convolutions alone) are compared with that process's Kiln run. A system's figures
 * are the medians over all its runs (peak memory: the highest); Kiln's ratio to a system is the
 * median of the comparisons' ratios, with the lowest and highest.
 */
public record Rounds(List<List<List<BenchResult>>> rounds) {
    public Rounds {
        rounds = rounds.stream().map(round -> round.stream().map(List::copyOf).toList()).toList();
    }

    /** Kiln's ratio to one system over the comparisons where both ran: median, lowest, highest, and how many. */
    public record Ratio(double median, double low, double high, int rounds) {}

    /** Each system's medians over all its runs (the peak memory: the highest), in the order first seen. */
    public Map<String, BenchResult> merged() {
        Map<String, List<BenchResult>> bySystem = new LinkedHashMap<>();
        for (List<List<BenchResult>> round : rounds) {
            for (List<BenchResult> process : round) {
                process.forEach(r -> bySystem.computeIfAbsent(r.system(), k -> new ArrayList<>()).add(r));
            }
        }
        Map<String, BenchResult> merged = new LinkedHashMap<>();
        bySystem.forEach((system, rs) -> {
            BenchResult first = rs.get(0);
            merged.put(system, new BenchResult(first.model(), first.batch(), system, median(rs, BenchResult::trainMs),
                    median(rs, BenchResult::inferMs), rs.stream().mapToLong(BenchResult::peakRssBytes).max().orElse(-1),
                    first.params(), first.trainingBytes(), median(rs, BenchResult::convMs), first.note(),
                    median(rs, BenchResult::inferP99Ms), median(rs, BenchResult::inferConvMs)));
        });
        return merged;
    }

    /** Kiln's training (or inference) speed over {@code system}'s, run by run; null when Kiln never ran beside it. */
    public Ratio kilnOver(String system, boolean training) {
        ToDoubleFunction<BenchResult> ms = training ? BenchResult::trainMs : BenchResult::inferMs;
        List<Double> ratios = new ArrayList<>();
        for (List<List<BenchResult>> round : rounds) {
            for (int p = 0; p < round.size(); p++) {
                BenchResult other = find(round.get(p), system);
                if (other == null || ms.applyAsDouble(other) <= 0) {
                    continue;
                }
                double kiln = kilnMs(round, p, ms);
                if (kiln > 0) {
                    ratios.add(ms.applyAsDouble(other) / kiln);
                }
            }
        }
        if (ratios.isEmpty()) {
            return null;
        }
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Ratio(Timer.median(sorted), sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    /** Kiln's milliseconds for a comparison with process p: its own Kiln run, else the mean of the nearest Kiln runs before and after. */
    private static double kilnMs(List<List<BenchResult>> round, int p, ToDoubleFunction<BenchResult> ms) {
        BenchResult own = find(round.get(p), "kiln");
        if (own != null) {
            return ms.applyAsDouble(own);
        }
        double sum = 0;
        int n = 0;
        for (int step : new int[] {-1, 1}) {
            for (int q = p + step; q >= 0 && q < round.size(); q += step) {
                BenchResult k = find(round.get(q), "kiln");
                if (k != null) {
                    if (ms.applyAsDouble(k) > 0) {
                        sum += ms.applyAsDouble(k);
                        n++;
                    }
                    break;
                }
            }
        }
        return n == 0 ? -1 : sum / n;
    }

    private static BenchResult find(List<BenchResult> process, String system) {
        return process.stream().filter(r -> r.system().equals(system)).findFirst().orElse(null);
    }

    private static double median(List<BenchResult> rs, ToDoubleFunction<BenchResult> field) {
        double[] v = rs.stream().mapToDouble(field).filter(x -> x >= 0).sorted().toArray();
        return v.length == 0 ? -1 : Timer.median(v);
    }
}
