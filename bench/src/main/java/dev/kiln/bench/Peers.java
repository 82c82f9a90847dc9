package dev.kiln.bench;

import dev.kiln.samples.TorchPython;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The peer harnesses kept outside Kiln's code, in the repository's {@code bench/} folder (found
 * through the launcher's {@code -Dkiln.home}, else the working directory or its parent):
 * {@code bench/pytorch_resnet.py}, and {@code bench/dl4j-helpers/}, the shim that lets DL4J
 * 1.0.0-M2.1 find out that oneDNN is on (compiled here, on first use, into a temporary folder).
 */
public final class Peers {
    private static final String SHIM = "dl4j-helpers/src/org/nd4j/nativeblas/Nd4jCpu.java";
    private static Path shimClasses;
    private static String problem = "";

    private Peers() {}

    static Optional<Path> benchFolder() {
        String home = System.getProperty("kiln.home");
        List<Path> candidates = home != null ? List.of(Path.of(home, "bench"))
                : List.of(Path.of("bench"), Path.of("..", "bench"));
        return candidates.stream().filter(Files::isDirectory).findFirst()
                .map(p -> p.toAbsolutePath().normalize());
    }

    static Path pytorchScript() {
        return benchFolder().orElseThrow().resolve("pytorch_resnet.py");
    }

    /** Why PyTorch cannot be timed here, if it cannot: no bench folder, or no Python that imports torch. */
    static Optional<String> pytorchProblem() {
        if (benchFolder().isEmpty()) {
            return Optional.of("bench/pytorch_resnet.py not found (run from the repository, or through ./kiln)");
        }
        if (TorchPython.find().isEmpty()) {
            return Optional.of("no python3 here imports torch (apt-get install python3-torch, or set KILN_PYTHON)");
        }
        return Optional.empty();
    }

    /** The compiled shim's class folder, compiled on first use; empty (see {@link #lastProblem()}) when that fails. */
    static synchronized Optional<Path> dl4jHelpersClasses() {
        if (shimClasses != null) {
            return Optional.of(shimClasses);
        }
        Optional<Path> source = benchFolder().map(b -> b.resolve(SHIM)).filter(Files::isRegularFile);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (source.isEmpty() || javac == null) {
            problem = source.isEmpty() ? "bench/" + SHIM + " not found" : "this Java has no compiler";
            return Optional.empty();
        }
        try {
            Path out = Files.createTempDirectory("kiln-dl4j-helpers");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = javac.run(null, null, err, "-d", out.toString(), source.get().toString());
            if (rc != 0) {
                problem = err.toString(StandardCharsets.UTF_8);
                return Optional.empty();
            }
            shimClasses = out;
            return Optional.of(out);
        } catch (IOException e) {
            problem = e.getMessage();
            return Optional.empty();
        }
    }

    static String lastProblem() {
        return problem;
    }
}
