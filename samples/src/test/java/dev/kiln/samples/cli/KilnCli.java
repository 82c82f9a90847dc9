package dev.kiln.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.data.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The {@code kiln} command line run in the test's own JVM, and the tiny Fashion-MNIST-shaped
 * data set the commands' tests write; the bench module's command tests use it too (through the
 * samples' test jar).
 */
public final class KilnCli {
    private KilnCli() {}

    /** Runs {@code kiln ARGS} here, printing and returning what it printed; fails unless it exits {@code expectedExit}. */
    public static String run(int expectedExit, String... args) {
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

    /** The last line printed: where {@code --json} puts its object. */
    public static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** The number {@code key} holds in a one-line JSON object. */
    public static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([0-9.eE+-]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    /** The four IDX files, uncompressed, with 64 training and 32 test images. */
    public static Path writeData(Path dir) throws IOException {
        return writeData(dir, 64, 32);
    }

    /** The four IDX files with {@code train} training and {@code test} test images. */
    public static Path writeData(Path dir, int train, int test) throws IOException {
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
