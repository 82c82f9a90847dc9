package dev.kiln.samples.cli;

import static dev.kiln.samples.cli.KilnCli.lastLine;
import static dev.kiln.samples.cli.KilnCli.number;
import static dev.kiln.samples.cli.KilnCli.run;
import static dev.kiln.samples.cli.KilnCli.writeData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.metrics.EpochCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln train} and {@code kiln eval} end to end on a tiny Fashion-MNIST-shaped data set the test writes. */
class TrainCommandTest {

    @Test
    void trainWritesItsFilesAndEvalAgrees(@TempDir Path dir) throws IOException {
        Path data = writeData(dir.resolve("data"));
        Path out = dir.resolve("run");
        String train = run(0, "train", "--model", "lenet", "--epochs", "2", "--batch", "16", "--data", data.toString(),
                "--out", out.toString(), "--json");
        String json = lastLine(train);
        for (String key : List.of("model", "epochs", "train_images", "train_loss", "test_accuracy", "seconds", "img_per_s")) {
            assertTrue(json.contains("\"" + key + "\":"), key + " missing from " + json);
        }
        assertTrue(json.contains("\"train_images\":64"), json);
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(EpochCsv.HEADER, csv.get(0));
        assertEquals(3, csv.size(), "header and one row per epoch: " + csv);
        assertTrue(Files.exists(out.resolve("checkpoint.npz")));
        assertTrue(Files.readString(out.resolve("confusion.csv")).startsWith("true,T-shirt/top"));

        String eval = run(0, "eval", "--model", "lenet", "--checkpoint", out.resolve("checkpoint.npz").toString(),
                "--data", data.toString(), "--json");
        assertEquals(number(json, "test_accuracy"), number(lastLine(eval), "test_accuracy"), 1e-9);
    }

    @Test
    void aDivergingRunStopsWithTheStepTheCulpritAndWhatToDoNext(@TempDir Path dir) throws IOException {
        String out = run(1, "train", "--model", "lenet", "--epochs", "1", "--batch", "16", "--lr", "1e30",
                "--data", writeData(dir.resolve("data")).toString(), "--out", dir.resolve("run").toString());
        assertTrue(out.contains("kiln: LeNet: the loss at training step "), out);
        assertTrue(out.contains("(epoch 1, batch "), out);
        assertTrue(out.contains("; first non-finite: "), out);
        assertTrue(out.contains("kiln: no checkpoint was saved before it (the first epoch ends with one): rerun with a lower --lr,"
                + " or add --skip-non-finite N to skip up to N such batches"), out);
        assertTrue(!out.contains("\tat "), "a message, not a stack trace: " + out);
    }

    @Test
    void unknownModelIsAUsageError(@TempDir Path dir) throws IOException {
        String out = run(2, "train", "--model", "resnet21", "--data", writeData(dir).toString());
        assertTrue(out.contains("unknown model 'resnet21'; expected one of: lenet, resnet20"), out);
    }

    @Test
    void missingFilesInAGivenFolderSayWhatIsMissing(@TempDir Path dir) {
        String out = run(1, "train", "--data", dir.toString(), "--epochs", "1");
        assertTrue(out.contains("kiln: --data " + dir + ": the folder lacks train-images-idx3-ubyte"), out);
        assertTrue(!out.contains("\tat "), "a one-line error, not a stack trace: " + out);
    }
}
