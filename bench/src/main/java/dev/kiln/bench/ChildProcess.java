package dev.kiln.bench;

import dev.kiln.samples.TorchPython;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one system on one configuration in a process of its own (Kiln's also times the convolution
 * limit), so that its peak memory is
 * its own and no system warms another's caches or allocator: a JVM on this one's class path for
 * Kiln and DL4J, the same JVM with {@link Peers#dl4jHelpersClasses()} in front for DL4J with
 * its helpers forced, {@code python3 bench/pytorch_resnet.py} for PyTorch, and a JVM that exports the network and runs it in ONNX
 * Runtime for {@code onnxruntime}. The environment
 * (the launcher's allocator settings included) is inherited.
 */
public final class ChildProcess {
    private final Timer timer;
    private final int threads;
    private final boolean inferenceOnly;

    public ChildProcess(Timer timer, int threads) {
        this(timer, threads, false);
    }

    /** With {@code inferenceOnly}, each process times inference alone ({@link Measure#INFERENCE_ONLY}). */
    public ChildProcess(Timer timer, int threads, boolean inferenceOnly) {
        this.timer = timer;
        this.threads = threads;
        this.inferenceOnly = inferenceOnly;
    }

    /** The measurement, or why there is none (the system is unavailable, or the process failed). */
    public Outcome run(String system, BenchModel model, int batch) {
        List<String> command = new ArrayList<>();
        String[] args = {model.id(), Integer.toString(batch), Integer.toString(timer.warmup()), Integer.toString(timer.repeats()),
                Double.toString(timer.warmupSeconds())};
        switch (system) {
            case "kiln", "kiln-unfolded", "dl4j" -> command.addAll(java(system, System.getProperty("java.class.path"), List.of(), args));
            case "kiln-bn-loops" -> command.addAll(java(system, System.getProperty("java.class.path"),
                    List.of("-Dkiln.dnnlBatchNorm=false"), args));
            case "dl4j-helpers" -> {
                Optional<Path> shim = Peers.dl4jHelpersClasses();
                if (shim.isEmpty()) {
                    return Outcome.skipped("the shim in bench/dl4j-helpers could not be found or compiled (" + Peers.lastProblem() + ")");
                }
                command.addAll(java(system, shim.get() + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                        List.of("-D" + Dl4jRun.HELPERS_DISABLE + "=false"), args));
            }
            case "onnxruntime" -> command.addAll(java(system, System.getProperty("java.class.path"),
                    List.of("-D" + OrtRun.THREADS + "=" + threads), args));
            case "pytorch", "pytorch-jit" -> {
                Optional<String> problem = Peers.pytorchProblem();
                if (problem.isPresent()) {
                    return Outcome.skipped(problem.get());
                }
                command.addAll(List.of(TorchPython.find().orElseThrow(), Peers.pytorchScript().toString(), "--model", model.id(), "--batch", args[1],
                        "--warmup", args[2], "--repeats", args[3], "--warmup-seconds", args[4],
                        "--threads", Integer.toString(threads)));
                if (system.equals("pytorch-jit")) {
                    command.add("--jit");
                }
                if (inferenceOnly) {
                    command.add("--inference-only");
                }
            }
            default -> throw new IllegalArgumentException("unknown system " + system);
        }
        return exec(command);
    }

    private List<String> java(String system, String classPath, List<String> extra, String[] args) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xm") || a.startsWith("-Xs") || a.startsWith("-XX:") || a.startsWith("-Dorg.bytedeco")
                    || a.startsWith("-Dkiln.")) {
                c.add(a);
            }
        }
        c.addAll(extra);
        if (inferenceOnly) {
            c.add("-D" + Measure.INFERENCE_ONLY + "=true");
        }
        c.addAll(List.of("-cp", classPath, BenchChild.class.getName(), system));
        c.addAll(List.of(args));
        return c;
    }

    private static Outcome exec(List<String> command) {
        try {
            Path err = Files.createTempFile("kiln-bench", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                List<String> json = out.lines().filter(l -> l.startsWith("{")).toList();
                if (p.exitValue() != 0 || json.isEmpty()) {
                    List<String> lines = Files.readAllLines(err);
                    String tail = String.join("\n    ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
                    return Outcome.failed("exit " + p.exitValue() + ": " + String.join(" ", command) + "\n    " + tail);
                }
                return Outcome.of(json.stream().map(BenchResult::fromJson).toList());
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return Outcome.failed(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        }
    }

    /** A result, or the reason there is none ({@code skipped}: the system is not available here). */
    public record Outcome(List<BenchResult> results, String problem, boolean skipped) {
        static Outcome of(List<BenchResult> r) {
            return new Outcome(r, "", false);
        }

        static Outcome skipped(String why) {
            return new Outcome(List.of(), why, true);
        }

        static Outcome failed(String why) {
            return new Outcome(List.of(), why, false);
        }
    }
}
