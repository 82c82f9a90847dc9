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
import dev.kiln.runtime.train.Parameter;
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
 * Runtime at batch sizes 1 and 7, in two states of the same network.
 *
 * <p>With He-initialised weights and random biases, batch-norm scales, shifts and running statistics
 * (a different value in every channel, so that a parameter wired to the wrong place shows), ORT's
 * logits equal Kiln's {@code predict} to 1e-5 of their largest magnitude. After two training steps
 * and thirty training forwards have settled the running statistics on the batch's, the deep plain
 * networks amplify float32 rounding past that (their inference Jacobian grows with depth): there
 * ORT is held to be as close to a float64 run of the same weights as Kiln's own float32 is.
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
    void withRandomStatisticsOnnxRuntimeEqualsPredict(String name) throws Exception {
        GeneratedNetwork<?> net = create(name);
        Nd4j.getRandom().setSeed(13);
        for (Parameter p : net.parameters()) {
            switch (p.kind()) {
                case NORM_WEIGHT -> p.value().assign(uniform(p.value(), 0.8, 1.2));
                case NORM_BIAS, BIAS -> p.value().assign(uniform(p.value(), -0.1, 0.1));
                default -> { } // the weights keep their random He initialisation
            }
        }
        for (Map.Entry<String, INDArray> e : net.state().entrySet()) {
            boolean variance = e.getKey().endsWith("running_var");
            e.getValue().assign(variance ? uniform(e.getValue(), 0.8, 1.2) : uniform(e.getValue(), -0.1, 0.1));
        }
        for (Agreement a : compare(name, net, "random statistics")) {
            assertTrue(a.apart() <= TOLERANCE * a.scale(), a.describe());
        }
    }

    @ParameterizedTest
    @MethodSource("networks")
    void afterSettledStatisticsOnnxRuntimeIsAsExactAsPredict(String name) throws Exception {
        GeneratedNetwork<?> net = trainedTwoSteps(name);
        // Running statistics close to the batch's (momentum 0.1: 0.9^30 ≈ 4 % of the start left).
        INDArray x = batch(net, 7, 11);
        for (int i = 0; i < 30; i++) {
            net.trainForward(x);
        }
        for (Agreement a : compare(name, net, "settled statistics")) {
            boolean agree = a.apart() <= TOLERANCE * a.scale() || a.ortError() <= 2 * a.kilnError() + TOLERANCE * a.scale();
            assertTrue(agree, a.describe());
        }
    }

    private static GeneratedNetwork<?> trainedTwoSteps(String name) {
        GeneratedNetwork<?> net = create(name);
        INDArray x = batch(net, 7, 11);
        INDArray y = Nd4j.rand(DataType.FLOAT, 7).muli(net.classes()).castTo(DataType.INT32);
        Sgd sgd = new Sgd(0.01, 0.9, true, 5e-4);
        for (int i = 0; i < 2; i++) {
            net.trainStep(x, y, sgd);
        }
        return net;
    }

    private static INDArray batch(GeneratedNetwork<?> net, int n, long seed) {
        long[] shape = net.inputShape();
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, n, shape[0], shape[1], shape[2]);
    }

    private static INDArray uniform(INDArray like, double low, double high) {
        return Nd4j.rand(like.dataType(), like.shape()).muli(high - low).addi(low);
    }

    /** How far ORT's logits are from Kiln's, and each from a float64 run, at one batch size. */
    record Agreement(String name, String state, int batch, double scale, double apart, double kilnError, double ortError) {
        String describe() {
            return String.format("%s (%s) batch %d: ORT - Kiln %.2g of the largest logit %.3g; from float64: Kiln %.2g, ORT %.2g",
                    name, state, batch, apart / scale, scale, kilnError / scale, ortError / scale);
        }
    }

    private List<Agreement> compare(String name, GeneratedNetwork<?> net, String state) throws Exception {
        Path file = dir.resolve(name + ".onnx");
        net.exportOnnx(file);
        List<Agreement> found = new ArrayList<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            assertEquals(List.of("input"), new ArrayList<>(session.getInputNames()));
            assertEquals(List.of("logits"), new ArrayList<>(session.getOutputNames()));
            GeneratedNetwork<?> exact = inDouble(net);
            for (int batch : new int[] {1, 7}) {
                INDArray in = batch(net, batch, 17 + batch);
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
                Agreement a = new Agreement(name, state, batch, scale, apart, kilnError, ortError);
                System.out.println("OnnxExportTest: " + a.describe());
                found.add(a);
            }
        }
        return found;
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
