package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.io.TrainingState;
import dev.kiln.runtime.kernels.conv.ConvEngine;
import dev.kiln.runtime.train.Parameter;
import dev.kiln.runtime.train.Sgd;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code predict} with each convolution and its batch norm folded into one oneDNN call equals
 * {@code predict} with the two calls of the training graph ({@link ConvEngine#setFolding} off), to
 * 1e-5 of the largest logit in float32, for every sample network at batch sizes 1, 7 and 128; and
 * it reflects the parameters as they are after a training step, a checkpoint load and an
 * assignment to a parameter's array.
 */
class FoldedInferenceTest {
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @AfterEach
    void foldAgain() {
        ConvEngine.setFolding(true);
    }

    static Stream<SampleModel> models() {
        return Stream.of(SampleModel.values());
    }

    @ParameterizedTest
    @MethodSource("models")
    void foldedEqualsUnfolded(SampleModel model) {
        Network net = model.create(5);
        randomiseNorms(net, 21);
        for (int batch : new int[] {1, 7, 128}) {
            INDArray x = input(net, batch, 30 + batch);
            assertAgree(model.id() + " batch " + batch, net, x);
        }
    }

    @Test
    void everyConvolutionOfResNet20HasItsBatchNormFoldedIn() {
        long convolutions = kernelFields(SampleModel.RESNET20.create(1), "Conv2d");
        assertEquals(21, convolutions, "ResNet-20's convolutions: the stem, 18 in blocks, 2 projections");
        assertEquals(convolutions, kernelFields(SampleModel.RESNET20.create(1), "ConvBatchNorm"));
    }

    private static long kernelFields(Network net, String kernel) {
        return Stream.of(net.getClass().getDeclaredFields()).filter(f -> f.getType().getSimpleName().equals(kernel)).count();
    }

    @Test
    void afterATrainingStepPredictUsesTheNewWeightsAndStatistics() {
        Network net = SampleModel.RESNET20.create(6);
        INDArray x = input(net, 8, 40);
        net.predict(x);
        net.trainStep(x, Nd4j.createFromArray(0, 1, 2, 3, 4, 5, 6, 7), new Sgd(0.1, 0.9, true, 5e-4));
        assertAgree("after a training step", net, x);
    }

    @Test
    void afterACheckpointLoadPredictUsesTheLoadedValues() throws Exception {
        Network net = SampleModel.RESNET20.create(7);
        Network other = SampleModel.RESNET20.create(8);
        randomiseNorms(other, 22);
        Path file = dir.resolve("other.npz");
        Checkpoint.save(file, other, new Sgd(0.1, 0, false, 0), new TrainingState(0, 1, new long[] {1}));
        INDArray x = input(net, 4, 41);
        net.predict(x);
        Checkpoint.load(file, net);
        assertAgree("after Checkpoint.load", net, x);
        assertClose("the loaded network and the one saved", other.predict(x), net.predict(x));
    }

    @Test
    void afterAnAssignmentToAParameterPredictUsesTheNewValue() {
        Network net = SampleModel.RESNET20.create(9);
        INDArray x = input(net, 4, 42);
        INDArray before = net.predict(x).dup();
        for (Parameter p : net.parameters()) {
            if (p.kind() == Parameter.Kind.NORM_WEIGHT || p.kind() == Parameter.Kind.WEIGHT) {
                p.value().muli(1.5);
            }
        }
        net.state().values().iterator().next().addi(0.3);
        INDArray after = net.predict(x).dup();
        assertTrue(after.sub(before).amaxNumber().doubleValue() > 1e-3, "the assignment changed the logits");
        assertAgree("after assigning parameter arrays", net, x);
    }

    /** Random per-channel scales, shifts and running statistics, so that a fold that drops one shows. */
    private static void randomiseNorms(Network net, long seed) {
        Nd4j.getRandom().setSeed(seed);
        for (Parameter p : net.parameters()) {
            if (p.kind() == Parameter.Kind.NORM_WEIGHT) {
                p.value().assign(Nd4j.rand(DataType.FLOAT, p.value().shape()).muli(0.4).addi(0.8));
            } else if (p.kind() == Parameter.Kind.NORM_BIAS || p.kind() == Parameter.Kind.BIAS) {
                p.value().assign(Nd4j.rand(DataType.FLOAT, p.value().shape()).muli(0.2).subi(0.1));
            }
        }
        for (Map.Entry<String, INDArray> e : net.state().entrySet()) {
            INDArray r = Nd4j.rand(DataType.FLOAT, e.getValue().shape());
            e.getValue().assign(e.getKey().endsWith("running_var") ? r.muli(0.4).addi(0.8) : r.muli(0.2).subi(0.1));
        }
    }

    private static INDArray input(Network net, int batch, long seed) {
        long[] s = net.inputShape();
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, batch, s[0], s[1], s[2]);
    }

    /** Folded and unfolded {@code predict} of {@code x} agree to 1e-5 of the largest logit. */
    private static void assertAgree(String what, Network net, INDArray x) {
        ConvEngine.setFolding(true);
        INDArray folded = net.predict(x).dup();
        ConvEngine.setFolding(false);
        INDArray unfolded = net.predict(x).dup();
        ConvEngine.setFolding(true);
        assertClose(what, unfolded, folded);
    }

    private static void assertClose(String what, INDArray expected, INDArray actual) {
        double scale = expected.amaxNumber().doubleValue();
        double apart = expected.sub(actual).amaxNumber().doubleValue();
        System.out.printf("FoldedInferenceTest: %s: folded - unfolded %.2g of the largest logit %.3g%n", what, apart / scale, scale);
        assertTrue(apart <= TOLERANCE * scale, what + ": apart by " + apart + ", the largest logit " + scale);
    }
}
