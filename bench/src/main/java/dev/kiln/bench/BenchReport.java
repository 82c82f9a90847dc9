package dev.kiln.bench;

import dev.kiln.runtime.platform.NativeSelector;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints {@link Benchmark}'s rows: a table per configuration (images/s, median ms, peak resident
 * memory, the plan's bytes, parameters, Kiln's ratio to each other system, the split of Kiln's
 * step into convolutions and the rest), or with {@code json} one object per configuration and
 * system, with {@code kiln_train_ratio} and {@code kiln_infer_ratio} on the other systems' objects.
 * With several rounds the figures are medians over the rounds and a ratio is the median of the
 * rounds' ratios, shown with its range ({@link Rounds}).
 */
public final class BenchReport {
    private BenchReport() {}

    public static void print(List<Benchmark.Row> rows, boolean json, PrintStream out) {
        // system → its distinct notes → the models they came from, in the order first seen
        Map<String, Map<String, Set<String>>> notes = new LinkedHashMap<>();
        if (!json) {
            out.println(NativeSelector.report());
        }
        for (Benchmark.Row row : rows) {
            if (json) {
                json(row, out);
            } else {
                table(row, out);
            }
            row.systems().values().forEach(r -> notes.computeIfAbsent(r.system(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.note(), k -> new LinkedHashSet<>()).add(row.model().id()));
        }
        if (!json) {
            out.println();
            notes.forEach((system, byNote) -> byNote.forEach((note, models) -> out.printf(Locale.ROOT, "%s%s: %s%n", system,
                    byNote.size() == 1 ? "" : " (" + String.join(", ", models) + ")", note)));
        }
    }

    private static void json(Benchmark.Row row, PrintStream out) {
        for (BenchResult r : row.systems().values()) {
            String line = r.toJson();
            Rounds.Ratio train = r.system().equals("kiln") ? null : row.rounds().kilnOver(r.system(), true);
            if (train != null) {
                Rounds.Ratio infer = row.rounds().kilnOver(r.system(), false);
                line = line.substring(0, line.length() - 1) + ",\"kiln_train_ratio\":" + num(train.median())
                        + ",\"kiln_infer_ratio\":" + num(infer == null ? -1 : infer.median())
                        + ",\"rounds\":" + train.rounds() + "}";
            }
            out.println(line);
        }
    }

    private static void table(Benchmark.Row row, PrintStream out) {
        int rounds = row.rounds().rounds().size();
        out.printf(Locale.ROOT, "%n%s, batch %d, %d×%d×%d float32, medians of the timed runs%s%n", row.model().id(), row.batch(),
                BenchModel.CHANNELS, BenchModel.SIDE, BenchModel.SIDE, rounds == 1 ? "" : " over " + rounds + " rounds");
        out.printf(Locale.ROOT, "%-18s %12s %12s %10s %10s %10s %12s %8s %9s%n", "system", "train img/s", "infer img/s", "train ms",
                "infer ms", "p99 ms", "peak RSS MB", "plan MB", "params");
        row.systems().values().forEach(r -> line(r, out));
        BenchResult kiln = row.systems().get("kiln");
        if (kiln == null) {
            return;
        }
        for (BenchResult r : row.systems().values()) {
            Rounds.Ratio train = r == kiln ? null : row.rounds().kilnOver(r.system(), true);
            Rounds.Ratio infer = r == kiln ? null : row.rounds().kilnOver(r.system(), false);
            if (train != null && infer != null) {
                out.printf(Locale.ROOT, "%-18s %11.2f× %11.2f×%s%n", "kiln ÷ " + r.system(), train.median(), infer.median(),
                        train.rounds() == 1 ? "" : String.format(Locale.ROOT, "   (rounds: train %.2f–%.2f×, infer %.2f–%.2f×)",
                                train.low(), train.high(), infer.low(), infer.high()));
            } else if (infer != null) {
                // a system that only infers (ONNX Runtime)
                out.printf(Locale.ROOT, "%-18s %12s %11.2f×%s%n", "kiln ÷ " + r.system(), "–", infer.median(),
                        infer.rounds() == 1 ? "" : String.format(Locale.ROOT, "   (rounds: infer %.2f–%.2f×)", infer.low(), infer.high()));
            }
        }
        if (kiln.convMs() > 0) {
            double conv = kiln.convMs();
            double rest = kiln.trainMs() - conv;
            out.printf(Locale.ROOT, "kiln's step: %.1f ms = its convolutions %.1f ms (%.0f %%) + the rest %.1f ms (%.0f %%), timed in place%n",
                    kiln.trainMs(), conv, 100 * conv / kiln.trainMs(), rest, 100 * rest / kiln.trainMs());
            convsAlone(conv, row.systems().get(ConvLimit.SYSTEM), row.systems().get(ConvLimit.COLD_SYSTEM), out);
        }
        BenchResult torch = row.systems().get("pytorch");
        if (torch != null && torch.convMs() > 0 && torch.trainMs() > 0) {
            double rest = torch.trainMs() - torch.convMs();
            out.printf(Locale.ROOT, "pytorch's step: %.1f ms = its convolutions %.1f ms (%.0f %%) + the rest %.1f ms (%.0f %%), "
                    + "the share by torch.profiler's self times%n", torch.trainMs(), torch.convMs(),
                    100 * torch.convMs() / torch.trainMs(), rest, 100 * rest / torch.trainMs());
        }
        for (BenchResult k : row.systems().values()) {
            if (k.system().startsWith("kiln") && k.inferConvMs() > 0) {
                double rest = k.inferMs() - k.inferConvMs();
                out.printf(Locale.ROOT, "%s's inference: %.2f ms = its convolutions %.2f ms (%.0f %%) + the rest %.2f ms (%.0f %%), timed in place%n",
                        k.system(), k.inferMs(), k.inferConvMs(), 100 * k.inferConvMs() / k.inferMs(), rest, 100 * rest / k.inferMs());
            }
        }
    }

    /** "kiln's convolutions in place: 73.6 ms = 1.33× conv-limit's 55.4 ms (warm caches), 1.05× conv-cold's 70.0 ms (cold caches)" */
    private static void convsAlone(double inPlace, BenchResult warm, BenchResult cold, PrintStream out) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "kiln's convolutions in place: %.1f ms", inPlace));
        String sep = " = ";
        for (BenchResult alone : new BenchResult[] {warm, cold}) {
            if (alone != null && alone.trainMs() > 0) {
                line.append(String.format(Locale.ROOT, "%s%.2f× %s's %.1f ms (%s caches)", sep, inPlace / alone.trainMs(),
                        alone.system(), alone.trainMs(), alone == warm ? "warm" : "cold"));
                sep = ", ";
            }
        }
        if (!sep.equals(" = ")) {
            out.println(line);
        }
    }

    private static void line(BenchResult r, PrintStream out) {
        out.printf(Locale.ROOT, "%-18s %12s %12s %10s %10s %10s %12s %8s %9s%n", r.system(), figure(r.trainImgPerS()),
                figure(r.inferImgPerS()), figure(r.trainMs()), latency(r.inferMs()), latency(r.inferP99Ms()), mb(r.peakRssBytes()),
                mb(r.trainingBytes()),
                r.params() < 0 ? "–" : String.format(Locale.ROOT, "%,d", r.params()));
    }

    /** A positive figure with one decimal, or "–" where it does not apply (ONNX Runtime does not train). */
    private static String figure(double v) {
        return v > 0 ? String.format(Locale.ROOT, "%.1f", v) : "–";
    }

    /** Milliseconds with two decimals (batch 1 calls take a few), or "–". */
    private static String latency(double ms) {
        return ms > 0 ? String.format(Locale.ROOT, "%.2f", ms) : "–";
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "–" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
    }
}
