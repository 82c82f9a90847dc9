package dev.kiln.samples.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.io.Npz;
import dev.kiln.runtime.io.TrainingState;
import dev.kiln.runtime.train.Parameter;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.samples.TorchPython;
import dev.kiln.samples.models.KilnBottleneckResNet29;
import dev.kiln.samples.models.KilnPlain20;
import dev.kiln.samples.models.KilnPreActResNet20;
import dev.kiln.samples.models.KilnResNet20;
import dev.kiln.samples.models.TorchNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sample networks against the same networks written in PyTorch ({@code bench/torch_parity.py}),
 * on Kiln's own checkpoint of the same weights, mapped by {@link TorchNames}: inference logits
 * (with non-trivial running statistics), training-mode logits, the loss, every parameter's
 * gradient and every running statistic after the step, each to 1e-6 relative in double
 * precision and 1e-4 in float32, against PyTorch in double precision on the same weights (its
 * own float32 results are printed beside them: they can be further off than Kiln's). In float32 the
 * batch is one on which no ReLU input falls within rounding of its kink ({@link KinkFreeBatch}). Without a
 * python3 that imports torch and numpy the test is skipped, and says so.
 */
class TorchParityTest {
    private static final Path BENCH = Path.of("..", "bench");
    private static final Path NAMES = Path.of("src", "main", "resources", "dev", "kiln", "samples", "models", "torch-names.txt");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"resnet20, DOUBLE", "resnet20, FLOAT", "plain20, DOUBLE", "plain20, FLOAT",
            "preact20, DOUBLE", "preact20, FLOAT", "bottleneck29, DOUBLE", "bottleneck29, FLOAT"})
    void kilnAndPyTorchAgreeOnTheSameWeights(String model, DataType type) throws Exception {
        Optional<String> python = TorchPython.find(); // $KILN_PYTHON, python3, /usr/bin/python3 that imports torch
        if (python.isEmpty()) {
            System.out.println("TorchParityTest: SKIPPED " + model + " " + type
                    + ": no python3 here imports torch and numpy (apt-get install python3-torch, or set KILN_PYTHON)");
        }
        assumeTrue(python.isPresent(), "no python3 here imports torch and numpy");
        Network net = create(model, type);
        TorchNames.forModel(net); // every name maps, one to one
        perturb(net);
        Path weights = dir.resolve("weights.npz");
        Checkpoint.save(weights, net, new Sgd(0.1, 0.9, true, 0), new TrainingState(0, 0, new long[] {1}));
        Map<String, INDArray> results = new LinkedHashMap<>();
        results.putAll(run(net, type, KinkFreeBatch.seed(model, type)));
        Path out = dir.resolve("results.npz");
        Npz.write(out, results);

        String dtype = type == DataType.DOUBLE ? "float64" : "float32";
        Process p = new ProcessBuilder(python.get(), BENCH.resolve("torch_parity.py").toString(), "--model", model, "--dtype", dtype,
                "--weights", weights.toString(), "--results", out.toString(), "--names", NAMES.toString(), "--verbose")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), printed);
        System.out.print("TorchParityTest " + model + " " + dtype + ":\n" + printed);
        assertEquals(0, p.exitValue(), printed);
    }

    /** One fixed batch ({@link KinkFreeBatch}) through {@code net}: its logits both ways, the loss, the gradients and the state after. */
    static Map<String, INDArray> run(Network net, DataType type, long seed) {
        Map<String, INDArray> results = new LinkedHashMap<>();
        INDArray x = KinkFreeBatch.images(seed, type);
        INDArray labels = KinkFreeBatch.labels(type);
        results.put("x", x);
        results.put("labels", labels);
        results.put("eval_logits", net.predict(x).dup());
        results.put("train_logits", net.trainForward(x).dup());
        results.put("loss", Nd4j.create(new double[] {net.loss(labels)}, new long[] {1}, DataType.DOUBLE));
        net.backward();
        for (Parameter p : net.parameters()) {
            results.put("grad." + p.name(), p.gradient().dup());
        }
        net.state().forEach((name, value) -> results.put("after." + name, value.dup()));
        return results;
    }

    static Network create(String model, DataType type) {
        return switch (model) {
            case "resnet20" -> KilnResNet20.create(17, type);
            case "plain20" -> KilnPlain20.create(17, type);
            case "preact20" -> KilnPreActResNet20.create(17, type);
            case "bottleneck29" -> KilnBottleneckResNet29.create(17, type);
            default -> throw new IllegalArgumentException(model);
        };
    }

    /**
     * Moves what initialisation leaves trivial: batch norm's scale and shift (1 and 0), biases
     * (0) and the running statistics (0 and 1), so that inference and the gradients test them.
     */
    static void perturb(Network net) {
        int k = 0;
        for (Parameter p : net.parameters()) {
            if (p.value().rank() == 1) {
                INDArray v = p.value();
                boolean scale = p.name().endsWith("bn.weight") || (p.name().endsWith(".weight") && !p.name().contains("conv"));
                for (int i = 0; i < v.length(); i++, k++) {
                    v.putScalar(i, v.getDouble(i) + (scale ? 0.2 : 0.1) * Math.sin(0.7 * k + 1));
                }
            }
        }
        for (Map.Entry<String, INDArray> e : net.state().entrySet()) {
            INDArray v = e.getValue();
            boolean variance = e.getKey().endsWith("running_var");
            for (int i = 0; i < v.length(); i++, k++) {
                v.putScalar(i, variance ? 0.6 + 0.3 * (1 + Math.sin(1.3 * k)) : 0.2 * Math.cos(0.9 * k));
            }
        }
    }
}
