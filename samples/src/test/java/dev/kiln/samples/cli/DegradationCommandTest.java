package dev.kiln.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.metrics.EpochCsv;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln experiment degradation} end to end on a tiny budget: every file written, and all of them agree. */
class DegradationCommandTest {
    private static final List<String> NETWORKS = List.of("plain20", "resnet20", "plain32", "resnet32");

    @Test
    void tinyRunWritesConsistentCsvFiguresReportAndJson(@TempDir Path dir) throws IOException {
        Path data = KilnCli.writeData(dir.resolve("data"), 320, 96);
        Path out = dir.resolve("run");
        String text = KilnCli.run(0, "experiment", "degradation", "--depths", "32,20", "--epochs", "1",
                "--limit-train", "256", "--batch", "64", "--data", data.toString(), "--out", out.toString(), "--json");
        String json = KilnCli.lastLine(text);
        String report = Files.readString(out.resolve("report.md"));
        for (String id : NETWORKS) {
            List<String> csv = Files.readAllLines(out.resolve(id + ".csv"));
            assertEquals(List.of(EpochCsv.HEADER), csv.subList(0, 1), id);
            assertEquals(2, csv.size(), id + ": header and one epoch: " + csv);
            String[] row = csv.get(1).split(",");
            double trainError = Double.parseDouble(row[2]);
            double testError = Double.parseDouble(row[4]);
            String object = json.substring(json.indexOf("\"" + id + "\":{"));
            object = object.substring(0, object.indexOf('}') + 1);
            assertEquals(trainError, KilnCli.number(object, "train_error"), 1e-6, id + " in " + json);
            assertEquals(testError, KilnCli.number(object, "test_error"), 1e-6, id + " in " + json);
            String label = (id.startsWith("plain") ? "Plain-" : "ResNet-") + id.replaceAll("\\D", "");
            assertTrue(report.contains(String.format(java.util.Locale.ROOT, "| %s | %s |", label, id.replaceAll("\\D", ""))
                    + " " + (id.startsWith("plain") ? "none" : "identity") + String.format(java.util.Locale.ROOT,
                    " | %.2f %% | %.2f %% |", 100 * trainError, 100 * testError)), label + " row in\n" + report);
        }
        assertTrue(report.contains("256 training images, 96 test images, 1 epochs"), report);
        assertTrue(report.contains("**20 → 32 layers:**"), report);
        assertTrue(report.contains("- Plain-N: stem 3×3 conv → BN → ReLU; each block 3×3 conv → BN → ReLU → 3×3 conv → BN → ReLU"), report);
        assertTrue(report.contains("→ ReLU after the addition"), report);
        assertTrue(report.contains("Command: `./kiln experiment degradation --depths 32,20 --epochs 1"), "the exact command: " + report);

        List<String> gradients = Files.readAllLines(out.resolve("gradients.csv"));
        assertEquals("layer,parameter,plain32,resnet32", gradients.get(0));
        assertEquals(1 + 32, gradients.size(), "31 convolutions and the classifier on the main path: " + gradients);
        assertTrue(gradients.get(1).startsWith("1,stem.weight,"), gradients.get(1));
        assertTrue(gradients.get(32).startsWith("32,logits.weight,"), gradients.get(32));
        for (String row : gradients.subList(1, gradients.size())) {
            String[] cells = row.split(",");
            assertTrue(Double.parseDouble(cells[2]) > 0 && Double.parseDouble(cells[3]) > 0, "non-zero norms: " + row);
        }

        BufferedImage errors = ImageIO.read(out.resolve("errors.png").toFile());
        assertNotNull(errors, "errors.png is a PNG");
        assertEquals(2 * 720, errors.getWidth(), "two panels side by side");
        BufferedImage norms = ImageIO.read(out.resolve("gradients.png").toFile());
        assertNotNull(norms, "gradients.png is a PNG");
        assertTrue(nonWhitePixels(errors) > 10_000, "the error figure has axes, text and curves");
    }

    @Test
    void unknownDepthIsAUsageErrorBeforeAnyData(@TempDir Path dir) {
        String text = KilnCli.run(2, "experiment", "degradation", "--depths", "20,50", "--data",
                dir.resolve("absent").toString());
        assertTrue(text.contains("depth must be one of 20, 32, 44, 56, 110, but is 50"), text);
    }

    private static int nonWhitePixels(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                count += (image.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF ? 0 : 1;
            }
        }
        return count;
    }
}
