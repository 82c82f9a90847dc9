package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table's closing notes: one per system, or one per model where a system's note differs between models. */
class BenchReportTest {
    private static BenchResult result(String system, String model, String note) {
        return new BenchResult(model, 32, system, 10, 2, 100, 10, -1, -1, note);
    }

    private static Benchmark.Row row(BenchModel model, String dl4jNote) {
        return new Benchmark.Row(model, 32, new Rounds(List.of(List.of(
                List.of(result("kiln", model.id(), "generated")), List.of(result("dl4j", model.id(), dl4jNote))))));
    }

    @Test
    void aNoteThatDiffersBetweenModelsIsPrintedPerModel() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchReport.print(List.of(row(BenchModel.RESNET20, "helpers on 21 of 21"), row(BenchModel.RESNET56, "helpers on 57 of 57")),
                false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\nkiln: generated\n"), out);
        assertTrue(out.contains("\ndl4j (resnet20): helpers on 21 of 21\n"), out);
        assertTrue(out.contains("\ndl4j (resnet56): helpers on 57 of 57\n"), out);
    }

    @Test
    void aSystemThatOnlyInfersShowsDashesForTrainingAndItsInferenceRatio() {
        BenchResult kiln = new BenchResult("resnet20", 32, "kiln", 10, 4, 100, 10, -1, -1, "generated");
        BenchResult ort = new BenchResult("resnet20", 32, "onnxruntime", -1, 2, 100, 10, -1, -1, "ORT");
        Benchmark.Row row = new Benchmark.Row(BenchModel.RESNET20, 32, new Rounds(List.of(List.of(List.of(kiln), List.of(ort)))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchReport.print(List.of(row), false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\nonnxruntime                   –      16000.0          –       2.00          – "), out);
        assertTrue(out.contains("\nkiln ÷ onnxruntime            –        0.50×\n"), out);
    }

    @Test
    void batchOneShowsThe99thPercentileAndKilnsInferenceSplit() {
        BenchResult kiln = new BenchResult("resnet20", 1, "kiln", 10, 2, 100, 10, -1, -1, "generated", 3.5, 1.5);
        Benchmark.Row row = new Benchmark.Row(BenchModel.RESNET20, 1, new Rounds(List.of(List.of(List.of(kiln)))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchReport.print(List.of(row), false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("       2.00       3.50 "), out);
        assertTrue(out.contains("\nkiln's inference: 2.00 ms = its convolutions 1.50 ms (75 %) + the rest 0.50 ms (25 %), timed in place\n"), out);
        assertTrue(BenchResult.fromJson(kiln.toJson()).equals(kiln), "the new fields survive JSON");
    }

    @Test
    void pytorchsStepIsSplitByItsProfilersConvolutionShare() {
        BenchResult kiln = new BenchResult("resnet20", 128, "kiln", 200, 50, 100, 10, -1, 150, "generated");
        BenchResult torch = BenchResult.fromJson("{\"model\":\"resnet20\",\"batch\":128,\"system\":\"pytorch\","
                + "\"train_ms\":250,\"infer_ms\":60,\"peak_rss_bytes\":100,\"params\":10,\"training_bytes\":null,"
                + "\"conv_ms\":175,\"note\":\"PyTorch\"}");
        Benchmark.Row row = new Benchmark.Row(BenchModel.RESNET20, 128, new Rounds(List.of(List.of(List.of(kiln), List.of(torch)))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchReport.print(List.of(row), false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\nkiln's step: 200.0 ms = its convolutions 150.0 ms (75 %) + the rest 50.0 ms (25 %), timed in place\n"), out);
        assertTrue(out.contains("\npytorch's step: 250.0 ms = its convolutions 175.0 ms (70 %) + the rest 75.0 ms (30 %), "
                + "the share by torch.profiler's self times\n"), out);
    }

    @Test
    void kilnsConvolutionsInPlaceAreComparedWithTheLimitOnWarmAndOnColdCaches() {
        BenchResult kiln = new BenchResult("resnet20", 128, "kiln", 200, 50, 100, 10, -1, 150, "generated");
        BenchResult warm = new BenchResult("resnet20", 128, ConvLimit.SYSTEM, 100, 30, -1, -1, -1, -1, "warm");
        BenchResult cold = new BenchResult("resnet20", 128, ConvLimit.COLD_SYSTEM, 125, 40, -1, -1, -1, -1, "cold");
        Benchmark.Row row = new Benchmark.Row(BenchModel.RESNET20, 128, new Rounds(List.of(List.of(List.of(kiln, warm, cold)))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchReport.print(List.of(row), false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\nkiln's convolutions in place: 150.0 ms = 1.50× conv-limit's 100.0 ms (warm caches), "
                + "1.20× conv-cold's 125.0 ms (cold caches)\n"), out);
        assertTrue(out.contains("\nkiln ÷ conv-cold          0.63×        0.80×\n"), out);
    }

    @Test
    void withoutTheLimitRowsNoComparisonOfTheConvolutionsIsPrinted() {
        BenchResult kiln = new BenchResult("resnet20", 128, "kiln", 200, 50, 100, 10, -1, 150, "generated");
        Benchmark.Row row = new Benchmark.Row(BenchModel.RESNET20, 128, new Rounds(List.of(List.of(List.of(kiln)))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchReport.print(List.of(row), false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("kiln's step: 200.0 ms"), out);
        assertTrue(!out.contains("in place:"), out);
    }
}
