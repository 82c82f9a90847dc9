package dev.kiln.samples.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.io.TrainingState;
import dev.kiln.runtime.train.Parameter;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.samples.models.KilnLeNet;
import dev.kiln.samples.models.KilnOneBlockResNet;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A replica shares its source's parameter and state arrays (so an update or a checkpoint load is
 * seen by both) and has its own gradients and buffers (so its calls do not disturb the source's).
 */
class ReplicaTest {
    private final INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28);

    @Test
    void aReplicaHoldsTheSameParameterAndStateArraysAndItsOwnGradients() {
        KilnOneBlockResNet net = PoolAgreementTest.trained();
        KilnOneBlockResNet replica = net.replica();
        assertNotSame(net, replica);
        assertEquals(net.parameters().size(), replica.parameters().size());
        for (int i = 0; i < net.parameters().size(); i++) {
            Parameter p = net.parameters().get(i);
            Parameter r = replica.parameters().get(i);
            assertEquals(p.name(), r.name());
            assertSame(p.value(), r.value(), p.name());
            assertNotSame(p.gradient(), r.gradient(), p.name());
        }
        assertEquals(net.state().keySet(), replica.state().keySet());
        net.state().forEach((name, a) -> assertSame(a, replica.state().get(name), name));
        assertEquals(net.predict(x), replica.predict(x));
    }

    @Test
    void aWeightChangedInTheSourceChangesTheReplicasPrediction() {
        KilnOneBlockResNet net = PoolAgreementTest.trained();
        KilnOneBlockResNet replica = net.replica();
        INDArray before = replica.predict(x).dup();
        net.parameters().get(0).value().muli(1.5);
        INDArray after = replica.predict(x).dup();
        assertNotEquals(before, after, "the replica still predicts with the old stem weights");
        assertEquals(net.predict(x), after);
        net.state().get("stem.bn.running_mean").addi(0.25);
        assertNotEquals(after, replica.predict(x).dup(), "the replica still uses the old running mean");
    }

    @Test
    void aCheckpointLoadedIntoTheSourceIsSeenByItsReplicas(@TempDir Path dir) throws IOException {
        KilnOneBlockResNet other = PoolAgreementTest.trained();
        Path file = dir.resolve("other.npz");
        Checkpoint.save(file, other, new Sgd(0.1, 0, false, 0), new TrainingState(0, 5, new long[] {1}));
        KilnOneBlockResNet net = KilnOneBlockResNet.create(99);
        KilnOneBlockResNet replica = net.replica();
        assertNotEquals(other.predict(x), replica.predict(x));
        Checkpoint.load(file, net);
        assertEquals(other.predict(x), replica.predict(x));
    }

    @Test
    void trainingAReplicaLeavesTheSourcesGradientsAndSettingsAlone() {
        KilnLeNet net = KilnLeNet.create(5);
        net.setLabelSmoothing(0.1);
        KilnLeNet replica = net.replica();
        net.setLabelSmoothing(0);
        INDArray labels = Nd4j.createFromArray(1, 2, 3);
        replica.trainForward(x);
        double smoothed = replica.loss(labels);
        replica.backward();
        for (Parameter p : net.parameters()) {
            assertEquals(0.0, p.gradient().norm2Number().doubleValue(), p.name() + " gradient in the source");
        }
        net.reseed(5);
        net.trainForward(x);
        assertNotEquals(smoothed, net.loss(labels), "the replica copied label smoothing 0.1 at creation");
        replica.setLabelSmoothing(0);
        replica.reseed(5);
        replica.trainForward(x);
        assertEquals(net.loss(labels), replica.loss(labels), 0.0, "same weights, same dropout stream, same loss");
    }
}
