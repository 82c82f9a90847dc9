package dev.kiln.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.bench.BenchResult;
import dev.kiln.samples.cli.KilnCli;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code kiln bench} on tiny settings: it runs Kiln and DL4J each in a child JVM and prints one
 * valid JSON object per system with the promised fields. Figures are printed, never asserted.
 */
class BenchCommandTest {
    private static final List<String> FIELDS = List.of("model", "batch", "system", "train_img_per_s", "infer_img_per_s",
            "train_ms", "infer_ms", "peak_rss_bytes", "params", "training_bytes", "conv_ms", "outside_conv_share", "note");

    @Test
    void tinyRunPrintsOneJsonObjectPerSystem() {
        String out = KilnCli.run(0, "bench", "--model", "resnet20", "--batch", "2", "--warmup", "1", "--warmup-seconds", "0",
                "--repeats", "1", "--systems", "kiln,dl4j", "--json");
        List<String> lines = out.strip().lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(4, lines.size(), "kiln, dl4j and the convolution limit on warm and on cold caches: " + out);
        for (String line : lines) {
            assertTrue(line.endsWith("}"), line);
            for (String field : FIELDS) {
                assertTrue(line.contains("\"" + field + "\":"), field + " missing from " + line);
            }
        }
        Map<String, BenchResult> bySystem = lines.stream().map(BenchResult::fromJson)
                .collect(Collectors.toMap(BenchResult::system, Function.identity()));
        assertEquals(List.of("conv-cold", "conv-limit", "dl4j", "kiln"), bySystem.keySet().stream().sorted().toList());
        assertTrue(bySystem.get("conv-cold").trainMs() > 0 && bySystem.get("conv-cold").inferMs() > 0, out);
        BenchResult kiln = bySystem.get("kiln");
        BenchResult dl4j = bySystem.get("dl4j");
        assertEquals("resnet20", kiln.model());
        assertEquals(2, kiln.batch());
        assertTrue(kiln.trainImgPerS() > 0 && kiln.inferImgPerS() > 0 && kiln.convMs() > 0, lines.get(0));
        assertTrue(kiln.peakRssBytes() > 0 && kiln.trainingBytes() > 0, lines.get(0));
        assertEquals(kiln.params(), dl4j.params(), "the same network on both sides");
        assertTrue(dl4j.trainImgPerS() > 0 && dl4j.peakRssBytes() > 0, lines.get(1));
        assertTrue(lines.get(1).contains("\"kiln_train_ratio\":"), lines.get(1));
    }

    @Test
    void unknownSystemIsAUsageError() {
        String out = KilnCli.run(2, "bench", "--systems", "kiln,tensorflow");
        assertTrue(out.contains("unknown system 'tensorflow'"), out);
    }

    @Test
    void resultsSurviveTheirJson() {
        BenchResult r = new BenchResult("resnet56", 128, "dl4j", 1234.5, 99.25, 1 << 30, 855_482, -1, -1, "a \"quoted\" note");
        BenchResult back = BenchResult.fromJson(r.toJson());
        assertEquals(r.note(), back.note());
        assertEquals(r.trainMs(), back.trainMs(), 1e-3);
        assertEquals(r.peakRssBytes(), back.peakRssBytes());
        assertEquals(-1, back.trainingBytes());
        assertEquals(128 * 1000 / 1234.5, back.trainImgPerS(), 1e-3);
    }
}
