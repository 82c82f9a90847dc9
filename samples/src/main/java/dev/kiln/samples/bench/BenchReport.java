package dev.kiln.samples.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints {@link Benchmark}'s rows: a table per configuration (images/s, median ms, peak resident
 * memory, the plan's bytes, Kiln's ratio to each other system, the split of Kiln's step into
 * convolutions and the rest), or with {@code json} one object per configuration and system.
 */
public final class BenchReport {
    static final String LIMIT = "conv-limit";

    private BenchReport() {}

    public static void print(List<Benchmark.Row> rows, boolean json, PrintStream out) {
        Map<String, String> notes = new LinkedHashMap<>();
        for (Benchmark.Row row : rows) {
            if (json) {
                json(row, out);
            } else {
                table(row, out);
            }
            row.systems().values().forEach(r -> notes.putIfAbsent(r.system(), r.note()));
        }
        if (!json) {
            notes.forEach((system, note) -> out.printf(Locale.ROOT, "%s: %s%n", system, note));
            out.println(LIMIT + ": every convolution of the network alone, forward (conv2d) and backward (conv2d_bp),"
                    + " the faster of NCHW and NHWC per layer shape; train = forward + backward, infer = forward");
        }
    }

    /** The convolution limit as a result row of its own: train ms = forward + backward, infer ms = forward. */
    static BenchResult limitRow(Benchmark.Row row) {
        return new BenchResult(row.model().id(), row.batch(), LIMIT, row.limit().trainMs(), row.limit().forwardMs(), -1, -1, -1,
                "sum of the best conv2d and conv2d_bp per layer shape, NCHW or NHWC");
    }

    private static void json(Benchmark.Row row, PrintStream out) {
        BenchResult kiln = row.systems().get("kiln");
        for (BenchResult r : row.systems().values()) {
            StringBuilder extra = new StringBuilder();
            if (r == kiln && row.limit() != null) {
                extra.append(",\"conv_ms\":").append(num(row.limit().kilnMs()))
                        .append(",\"outside_conv_ms\":").append(num(r.trainMs() - row.limit().kilnMs()))
                        .append(",\"outside_conv_share\":").append(num((r.trainMs() - row.limit().kilnMs()) / r.trainMs()));
            } else if (r != kiln && kiln != null) {
                extra.append(",\"kiln_train_ratio\":").append(num(kiln.trainImgPerS() / r.trainImgPerS()))
                        .append(",\"kiln_infer_ratio\":").append(num(kiln.inferImgPerS() / r.inferImgPerS()));
            }
            out.println(with(r.toJson(), extra));
        }
        if (row.limit() != null) {
            out.println(limitRow(row).toJson());
        }
    }

    private static String with(String json, CharSequence extra) {
        return json.substring(0, json.length() - 1) + extra + "}";
    }

    private static void table(Benchmark.Row row, PrintStream out) {
        out.printf(Locale.ROOT, "%n%s, batch %d, %d×%d×%d float32, median of the timed runs%n", row.model().id(), row.batch(),
                BenchModel.CHANNELS, BenchModel.SIDE, BenchModel.SIDE);
        out.printf(Locale.ROOT, "%-14s %12s %12s %10s %10s %12s %10s %10s%n", "system", "train img/s", "infer img/s", "train ms",
                "infer ms", "peak RSS MB", "plan MB", "params");
        for (BenchResult r : row.systems().values()) {
            line(r, out);
        }
        if (row.limit() != null) {
            line(limitRow(row), out);
        }
        BenchResult kiln = row.systems().get("kiln");
        if (kiln == null) {
            return;
        }
        for (BenchResult r : row.systems().values()) {
            if (r != kiln) {
                out.printf(Locale.ROOT, "%-14s %11.2f× %11.2f×%n", "kiln/" + r.system(), kiln.trainImgPerS() / r.trainImgPerS(),
                        kiln.inferImgPerS() / r.inferImgPerS());
            }
        }
        if (row.limit() != null) {
            double conv = row.limit().kilnMs();
            out.printf(Locale.ROOT, "kiln step %.1f ms = its convolutions (NCHW, forward + backward) %.1f ms (%.0f %%) + the rest %.1f ms (%.0f %%)%n",
                    kiln.trainMs(), conv, 100 * conv / kiln.trainMs(), kiln.trainMs() - conv, 100 * (kiln.trainMs() - conv) / kiln.trainMs());
        }
    }

    private static void line(BenchResult r, PrintStream out) {
        out.printf(Locale.ROOT, "%-14s %12.1f %12.1f %10.1f %10.1f %12s %10s %10s%n", r.system(), r.trainImgPerS(), r.inferImgPerS(),
                r.trainMs(), r.inferMs(), mb(r.peakRssBytes()), mb(r.trainingBytes()), r.params() < 0 ? "–" : String.format(Locale.ROOT, "%,d", r.params()));
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "–" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
    }
}
