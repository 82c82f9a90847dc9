package dev.kiln.samples.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The rounds of one configuration: every system measured once per round, one after the other, so
 * that the systems of a round saw nearly the same moment of a shared machine. A system's figures
 * are the medians of its rounds; Kiln's ratio to another system is the median of the rounds'
 * ratios (each taken between neighbours in time), with the lowest and highest.
 */
public record Rounds(List<Map<String, BenchResult>> rounds) {
    public Rounds {
        rounds = List.copyOf(rounds);
    }

    /** Kiln's ratio to one system over the rounds where both ran: median, lowest, highest, and how many rounds. */
    public record Ratio(double median, double low, double high, int rounds) {}

    /** Each system's medians over the rounds it ran in (the peak memory: the highest), in the order first seen. */
    public Map<String, BenchResult> merged() {
        Map<String, List<BenchResult>> bySystem = new LinkedHashMap<>();
        for (Map<String, BenchResult> round : rounds) {
            round.forEach((system, r) -> bySystem.computeIfAbsent(system, k -> new ArrayList<>()).add(r));
        }
        Map<String, BenchResult> merged = new LinkedHashMap<>();
        bySystem.forEach((system, rs) -> {
            BenchResult first = rs.get(0);
            merged.put(system, new BenchResult(first.model(), first.batch(), system, median(rs, BenchResult::trainMs),
                    median(rs, BenchResult::inferMs), rs.stream().mapToLong(BenchResult::peakRssBytes).max().orElse(-1),
                    first.params(), first.trainingBytes(), median(rs, BenchResult::convMs), first.note()));
        });
        return merged;
    }

    /** Kiln's training (or inference) speed over {@code system}'s, round by round; null when no round has both. */
    public Ratio kilnOver(String system, boolean training) {
        List<Double> ratios = new ArrayList<>();
        for (Map<String, BenchResult> round : rounds) {
            BenchResult kiln = round.get("kiln");
            BenchResult other = round.get(system);
            if (kiln != null && other != null) {
                double k = training ? kiln.trainImgPerS() : kiln.inferImgPerS();
                double o = training ? other.trainImgPerS() : other.inferImgPerS();
                if (k > 0 && o > 0) {
                    ratios.add(k / o);
                }
            }
        }
        if (ratios.isEmpty()) {
            return null;
        }
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Ratio(Timer.median(sorted), sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    private static double median(List<BenchResult> rs, ToDoubleFunction<BenchResult> field) {
        double[] v = rs.stream().mapToDouble(field).filter(x -> x >= 0).sorted().toArray();
        return v.length == 0 ? -1 : Timer.median(v);
    }
}
