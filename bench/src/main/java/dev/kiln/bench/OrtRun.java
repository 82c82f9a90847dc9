package dev.kiln.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.kiln.runtime.GeneratedNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ONNX Runtime's side, inference only: the sample network exported by Kiln ({@code exportOnnx}),
 * run by ORT's CPU execution provider with every graph optimisation on and as many intra-op
 * threads as the other systems get ({@code -Dkiln.bench.threads}), on one random batch.
 */
final class OrtRun {
    /** The system property that carries {@code --threads} into this process. */
    static final String THREADS = "kiln.bench.threads";

    private OrtRun() {}

    static List<BenchResult> measure(BenchModel model, int batch, Timer timer) {
        int threads = Integer.getInteger(THREADS, Runtime.getRuntime().availableProcessors());
        GeneratedNetwork<?> net = (GeneratedNetwork<?>) model.sample().create(1);
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, BenchModel.CHANNELS, BenchModel.SIDE, BenchModel.SIDE);
        long params = net.parameters().stream().mapToLong(p -> p.value().length()).sum();
        try {
            Path file = Files.createTempFile("kiln-bench-" + model.id(), ".onnx");
            try {
                net.exportOnnx(file);
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                options.setIntraOpNumThreads(threads);
                try (OrtSession session = env.createSession(file.toString(), options);
                     OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.dup('c').data().asFloat()), x.shape())) {
                    Map<String, OnnxTensor> feed = Map.of("input", input);
                    Timer.Latency infer = timer.latency(() -> run(session, feed), batch);
                    long peak = ProcessMemory.now().peakResidentBytes();
                    return List.of(new BenchResult(model.id(), batch, "onnxruntime", -1, infer.median(), peak, params, -1, -1,
                            "ONNX Runtime " + env.getVersion() + " (Java), CPU execution provider, graph optimisations ALL, "
                                    + threads + " intra-op threads; the network as Kiln exports it (opset 13); inference only", infer.p99(), -1));
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private static void run(OrtSession session, Map<String, OnnxTensor> feed) {
        try (OrtSession.Result r = session.run(feed)) {
            r.get(0);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }
}
