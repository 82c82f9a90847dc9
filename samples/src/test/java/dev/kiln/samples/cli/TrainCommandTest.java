package dev.kiln.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.metrics.EpochCsv;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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

    static String run(int expectedExit, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        int code;
        try {
            CommandLine cl = KilnCommand.commandLine();
            cl.setErr(new java.io.PrintWriter(capture, true));
            code = cl.execute(args);
        } finally {
            System.setOut(saved);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertEquals(expectedExit, code, "exit code of kiln " + String.join(" ", args) + "\n" + text);
        return text;
    }

    static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([0-9.eE+-]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    /** The four IDX files, uncompressed, with 64 training and 32 test images. */
    static Path writeData(Path dir) throws IOException {
        return writeData(dir, 64, 32);
    }

    /** The four IDX files with {@code train} training and {@code test} test images. */
    static Path writeData(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        write(dir, "train", dev.kiln.samples.training.ResumeTest.TinyData.dataset("train", train, 1));
        write(dir, "t10k", dev.kiln.samples.training.ResumeTest.TinyData.dataset("test", test, 2));
        return dir;
    }

    private static void write(Path dir, String prefix, Dataset d) throws IOException {
        try (DataOutputStream img = new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte")));
             DataOutputStream lab = new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte")))) {
            img.writeInt(0x803);
            img.writeInt(d.size());
            img.writeInt(28);
            img.writeInt(28);
            lab.writeInt(0x801);
            lab.writeInt(d.size());
            for (int i = 0; i < d.size(); i++) {
                img.write(d.image(i));
                lab.writeByte(d.label(i));
            }
        }
    }
}
