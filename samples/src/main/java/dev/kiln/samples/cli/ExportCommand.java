package dev.kiln.samples.cli;

import dev.kiln.runtime.GeneratedNetwork;
import dev.kiln.runtime.onnx.OnnxModel;
import dev.kiln.samples.SampleModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kiln export}: a checkpoint as an ONNX model, for ONNX Runtime and the engines that read ONNX. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a checkpoint's network as an ONNX model (opset " + OnnxModel.OPSET + "; input 'input' [N,C,H,W] "
                + "float32, output 'logits'), atomically.")
final class ExportCommand implements Callable<Integer> {
    @CommandLine.Mixin
    CheckpointOptions checkpoint;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .onnx file to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SampleModel sample = checkpoint.sample(spec.commandLine());
        GeneratedNetwork<?> net = (GeneratedNetwork<?>) checkpoint.load(spec.commandLine());
        write(net, out);
        System.out.printf("kiln: wrote %s (%s, %,d bytes)%n", out, sample.id(), Files.size(out));
        return 0;
    }

    /** Writes {@code net} to {@code file}, with a message that names the file when it cannot. */
    static void write(GeneratedNetwork<?> net, Path file) {
        try {
            net.exportOnnx(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("cannot write the ONNX model " + file + ": the folder "
                    + file.toAbsolutePath().getParent() + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ONNX model " + file + ": " + e.getMessage(), e);
        }
    }
}
