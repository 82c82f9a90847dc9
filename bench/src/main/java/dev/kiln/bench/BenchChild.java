package dev.kiln.bench;

import java.util.List;

/**
 * The entry point of one measuring process: {@code BenchChild SYSTEM MODEL BATCH WARMUP REPEATS}
 * times one system on one configuration and prints its {@link BenchResult}s as JSON lines (Kiln's
 * process adds the convolution limit), so that each system's peak memory is its own.
 */
public final class BenchChild {
    private BenchChild() {}

    public static void main(String[] args) {
        if (args.length != 6) {
            System.err.println("usage: BenchChild kiln|kiln-unfolded|kiln-bn-loops|dl4j|dl4j-helpers|onnxruntime MODEL BATCH WARMUP REPEATS WARMUP_SECONDS");
            System.exit(2);
        }
        BenchModel model = BenchModel.byId(args[1]).orElseThrow(() -> new IllegalArgumentException("unknown model " + args[1]));
        int batch = Integer.parseInt(args[2]);
        Timer timer = new Timer(Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                Double.parseDouble(args[5]));
        List<BenchResult> results = switch (args[0]) {
            case "kiln", "kiln-unfolded", "kiln-bn-loops" -> KilnRun.measure(args[0], model, batch, timer);
            case "dl4j", "dl4j-helpers" -> Dl4jRun.measure(args[0], model, batch, timer);
            case "onnxruntime" -> OrtRun.measure(model, batch, timer);
            default -> throw new IllegalArgumentException("unknown system " + args[0]);
        };
        results.forEach(r -> System.out.println(r.toJson()));
        System.exit(0);
    }
}
