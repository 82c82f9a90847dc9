package dev.kiln.samples.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kiln.runtime.GeneratedNetwork;
import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.samples.SampleModel;
import dev.kiln.samples.fixtures.KilnEveryLayer;
import dev.kiln.samples.fixtures.KilnGlobalMaxNet;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every sample network and a fixture with every layer kind, exported to ONNX and run by ONNX
 * Runtime: its logits equal Kiln's {@code predict} to 1e-5 of their largest magnitude, at batch
 * sizes 1 and 7 (where float32 itself strays further from the float64 result, as through the
 * deep plain networks, ORT is held to Kiln's own float32 error instead), after two training steps (so the weights are not their initial values) and
 * thirty training forwards (so the running statistics are not either).
 */
class OnnxExportTest {
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    static Stream<String> networks() {
        List<String> names = new ArrayList<>();
        for (SampleModel m : SampleModel.values()) {
            names.add(m.id());
        }
        names.add("EveryLayer");
        names.add("GlobalMaxNet");
        return names.stream();
    }

    private static GeneratedNetwork<?> create(String name) {
        return switch (name) {
            case "EveryLayer" -> KilnEveryLayer.create(3);
            case "GlobalMaxNet" -> KilnGlobalMaxNet.create(3);
            default -> (GeneratedNetwork<?>) SampleModel.byId(name).orElseThrow().create(3);
        };
    }

    @ParameterizedTest
    @MethodSource("networks")
    void onnxRuntimeAgreesWithPredict(String name) throws Exception {
        GeneratedNetwork<?> net = create(name);
        long[] shape = net.inputShape();
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 7, shape[0], shape[1], shape[2]);
        INDArray y = Nd4j.rand(DataType.FLOAT, 7).muli(net.classes()).castTo(DataType.INT32);
        Sgd sgd = new Sgd(0.01, 0.9, true, 5e-4);
        for (int i = 0; i < 2; i++) {
            net.trainStep(x, y, sgd);
        }
        // Running statistics close to the batch's (momentum 0.1: 0.9^30 ≈ 4 % of the start left), so that
        // inference stays finite through the deep plain networks.
        for (int i = 0; i < 30; i++) {
            net.trainForward(x);
        }
        Path file = dir.resolve(name + ".onnx");
        net.exportOnnx(file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            assertEquals(List.of("input"), new ArrayList<>(session.getInputNames()));
            assertEquals(List.of("logits"), new ArrayList<>(session.getOutputNames()));
            GeneratedNetwork<?> exact = inDouble(net);
            for (int batch : new int[] {1, 7}) {
                INDArray in = Nd4j.rand(DataType.FLOAT, batch, shape[0], shape[1], shape[2]);
                double[][] truth = exact.predict(in.castTo(DataType.DOUBLE)).toDoubleMatrix();
                float[][] kiln = net.predict(in).toFloatMatrix();
                float[][] ort = run(env, session, in);
                double scale = 0, apart = 0, kilnError = 0, ortError = 0;
                for (int i = 0; i < batch; i++) {
                    for (int k = 0; k < kiln[i].length; k++) {
                        scale = Math.max(scale, Math.abs(kiln[i][k]));
                        apart = Math.max(apart, Math.abs(kiln[i][k] - ort[i][k]));
                        kilnError = Math.max(kilnError, Math.abs(kiln[i][k] - truth[i][k]));
                        ortError = Math.max(ortError, Math.abs(ort[i][k] - truth[i][k]));
                    }
                }
                System.out.printf("OnnxExportTest: %s batch %d: ORT - Kiln %.2g relative; from float64: Kiln %.2g, ORT %.2g%n",
                        name, batch, apart / scale, kilnError / scale, ortError / scale);
                // Where float32 itself strays further than the tolerance (the deep plain networks amplify
                // rounding), ORT must be as close to the float64 result as Kiln's float32 is.
                boolean agree = apart <= TOLERANCE * scale || ortError <= 2 * kilnError + TOLERANCE * scale;
                assertTrue(agree, name + " batch " + batch + ": ONNX Runtime differs from predict by " + apart
                        + " (the largest logit is " + scale + "), and from float64 by " + ortError + " against Kiln's " + kilnError);
            }
        }
    }

    /** The same network in float64: its parameters and running statistics widened from {@code net}'s. */
    private static GeneratedNetwork<?> inDouble(GeneratedNetwork<?> net) throws Exception {
        GeneratedNetwork<?> twin = (GeneratedNetwork<?>) net.getClass().getMethod("create", long.class, DataType.class)
                .invoke(null, 3L, DataType.DOUBLE);
        for (int i = 0; i < net.parameters().size(); i++) {
            twin.parameters().get(i).value().assign(net.parameters().get(i).value().castTo(DataType.DOUBLE));
        }
        for (Map.Entry<String, INDArray> e : net.state().entrySet()) {
            twin.state().get(e.getKey()).assign(e.getValue().castTo(DataType.DOUBLE));
        }
        return twin;
    }

    @Test
    void aFileThatCannotBeWrittenIsAClearErrorAndLeavesNothing() throws Exception {
        Network net = SampleModel.LENET.create(1);
        Path missing = dir.resolve("no-such-folder").resolve("lenet.onnx");
        assertThrows(java.io.IOException.class, () -> ((GeneratedNetwork<?>) net).exportOnnx(missing));
        assertFalse(Files.exists(missing.getParent()));
        Path file = dir.resolve("lenet.onnx");
        ((GeneratedNetwork<?>) net).exportOnnx(file);
        try (Stream<Path> left = Files.list(dir)) {
            assertArrayEquals(new Object[] {file}, left.toArray(), "only the model, no temporary file");
        }
    }

    private static float[][] run(OrtEnvironment env, OrtSession session, INDArray in) throws Exception {
        float[] data = in.dup('c').data().asFloat();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), in.shape());
             OrtSession.Result r = session.run(Map.of("input", t))) {
            return (float[][]) r.get(0).getValue();
        }
    }
}
