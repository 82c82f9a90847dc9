package dev.kiln.bench;

import dev.kiln.samples.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One measured configuration, as one flat JSON object: what a child process prints and the
 * parent reads back, and what {@code ./kiln bench --json} prints. A figure that does not apply
 * (no plan for DL4J, no memory for the convolution limit) is negative here and {@code null} in JSON;
 * {@code outside_conv_share}, in JSON only, is {@code (train_ms − conv_ms) / train_ms}.
 *
 * @param trainMs median milliseconds of one training step (forward, loss, backward, SGD update)
 * @param inferMs median milliseconds of one inference forward over the batch
 * @param peakRssBytes the process's peak resident memory (VmHWM) at the end of its training runs
 * @param params trainable parameters
 * @param trainingBytes what the generated plan says a training step needs ({@code Network.trainingBytes}); Kiln only
 * @param convMs the part of {@code trainMs} that the network's convolutions take, forward and backward, timed in place
 *     inside Kiln's steps: {@code trainMs} × the median share of a step's wall time spent in {@code Conv2d}; Kiln only
 * @param note free text: how the system was set up
 * @param inferP99Ms the 99th percentile of one inference call's milliseconds, at batch 1 ({@link Timer#latency})
 * @param inferConvMs the part of {@code inferMs} the convolution primitives take (folded ones included), timed in place; Kiln only
 */
public record BenchResult(String model, int batch, String system, double trainMs, double inferMs, long peakRssBytes,
        long params, long trainingBytes, double convMs, String note, double inferP99Ms, double inferConvMs) {

    /** A result without a latency percentile or an inference split. */
    public BenchResult(String model, int batch, String system, double trainMs, double inferMs, long peakRssBytes,
                       long params, long trainingBytes, double convMs, String note) {
        this(model, batch, system, trainMs, inferMs, peakRssBytes, params, trainingBytes, convMs, note, -1, -1);
    }

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[-+0-9.eE]+|null)");

    public double trainImgPerS() {
        return trainMs > 0 ? batch * 1000.0 / trainMs : -1;
    }

    public double inferImgPerS() {
        return inferMs > 0 ? batch * 1000.0 / inferMs : -1;
    }

    public String toJson() {
        return "{\"model\":" + Json.string(model) + ",\"batch\":" + batch + ",\"system\":" + Json.string(system)
                + ",\"train_img_per_s\":" + num(trainImgPerS()) + ",\"infer_img_per_s\":" + num(inferImgPerS())
                + ",\"train_ms\":" + num(trainMs) + ",\"infer_ms\":" + num(inferMs)
                + ",\"peak_rss_bytes\":" + whole(peakRssBytes) + ",\"params\":" + whole(params)
                + ",\"training_bytes\":" + whole(trainingBytes) + ",\"conv_ms\":" + num(convMs)
                + ",\"outside_conv_share\":" + num(convMs > 0 ? (trainMs - convMs) / trainMs : -1)
                + ",\"infer_p99_ms\":" + num(inferP99Ms) + ",\"infer_conv_ms\":" + num(inferConvMs)
                + ",\"infer_outside_conv_share\":" + num(inferConvMs > 0 ? (inferMs - inferConvMs) / inferMs : -1)
                + ",\"note\":" + Json.string(note) + "}";
    }

    /** Reads what {@link #toJson()} wrote (or the PyTorch script, which writes the same fields). */
    public static BenchResult fromJson(String json) {
        Map<String, String> f = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            f.put(m.group(1), m.group(3) != null ? m.group(3).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(2));
        }
        if (!f.containsKey("model") || !f.containsKey("batch") || !f.containsKey("system")) {
            throw new IllegalArgumentException("not a benchmark result: " + json);
        }
        int batch = Integer.parseInt(f.get("batch"));
        return new BenchResult(f.get("model"), batch, f.get("system"), ms(f, "train_ms", "train_img_per_s", batch),
                ms(f, "infer_ms", "infer_img_per_s", batch), longOf(f.get("peak_rss_bytes")), longOf(f.get("params")),
                longOf(f.get("training_bytes")), number(f.get("conv_ms")), f.getOrDefault("note", ""),
                number(f.get("infer_p99_ms")), number(f.get("infer_conv_ms")));
    }

    private static double ms(Map<String, String> f, String msKey, String rateKey, int batch) {
        String ms = f.get(msKey);
        if (ms != null && !ms.equals("null")) {
            return Double.parseDouble(ms);
        }
        String rate = f.get(rateKey);
        return rate == null || rate.equals("null") ? -1 : batch * 1000.0 / Double.parseDouble(rate);
    }

    private static double number(String v) {
        return v == null || v.equals("null") ? -1 : Double.parseDouble(v);
    }

    private static long longOf(String v) {
        return v == null || v.equals("null") ? -1 : (long) Double.parseDouble(v);
    }

    private static String num(double v) {
        return v >= 0 && Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
    }

    private static String whole(long v) {
        return v >= 0 ? Long.toString(v) : "null";
    }
}
