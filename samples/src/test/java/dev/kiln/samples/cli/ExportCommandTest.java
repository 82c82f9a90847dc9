package dev.kiln.samples.cli;

import static dev.kiln.samples.cli.KilnCli.run;
import static dev.kiln.samples.cli.KilnCli.writeData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln export} and {@code kiln train --onnx}: a file ONNX Runtime opens; bad input says what is wrong and leaves no file. */
class ExportCommandTest {

    @Test
    void trainWritesTheModelAndExportWritesItAgain(@TempDir Path dir) throws Exception {
        Path data = writeData(dir.resolve("data"));
        Path out = dir.resolve("run");
        run(0, "train", "--model", "lenet", "--epochs", "1", "--batch", "16", "--data", data.toString(), "--out", out.toString(), "--onnx");
        Path trained = out.resolve("model.onnx");
        assertTrue(Files.size(trained) > 0);
        Path exported = dir.resolve("lenet.onnx");
        String said = run(0, "export", "--model", "lenet", "--checkpoint", out.resolve("checkpoint.npz").toString(),
                "--out", exported.toString());
        assertTrue(said.contains("kiln: wrote " + exported + " (lenet, "), said);
        assertEquals(Files.size(trained), Files.size(exported), "the same network, the same bytes");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(exported.toString(), new OrtSession.SessionOptions())) {
            assertEquals(List.of("input"), List.copyOf(session.getInputNames()));
        }
    }

    @Test
    void aCheckpointOfAnotherModelOrAnUnwritablePathIsAnErrorAndWritesNothing(@TempDir Path dir) throws Exception {
        Path data = writeData(dir.resolve("data"));
        Path out = dir.resolve("run");
        run(0, "train", "--model", "lenet", "--epochs", "1", "--batch", "16", "--data", data.toString(), "--out", out.toString());
        Path checkpoint = out.resolve("checkpoint.npz");
        Path target = dir.resolve("resnet20.onnx");
        String wrong = run(1, "export", "--model", "resnet20", "--checkpoint", checkpoint.toString(), "--out", target.toString());
        assertTrue(wrong.contains("kiln: ") && wrong.contains(checkpoint.toString()), wrong);
        assertFalse(Files.exists(target));
        Path nowhere = dir.resolve("missing").resolve("lenet.onnx");
        String unwritable = run(1, "export", "--model", "lenet", "--checkpoint", checkpoint.toString(), "--out", nowhere.toString());
        assertTrue(unwritable.contains("cannot write the ONNX model " + nowhere + ": the folder " + nowhere.getParent()
                + " does not exist"), unwritable);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("data", "run"), files.map(p -> p.getFileName().toString()).sorted().toList(), "nothing else written");
        }
    }
}
