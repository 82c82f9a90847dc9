package dev.kiln.runtime.io;

import static dev.kiln.runtime.testing.SameArray.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.testing.TinyNetwork;
import dev.kiln.runtime.train.Adam;
import dev.kiln.runtime.train.AdamW;
import dev.kiln.runtime.train.DecayPolicy;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Parameter;
import dev.kiln.runtime.train.Sgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointTest {
    private static final TrainingState STATE = new TrainingState(7, 1234, new long[] {42, -1, Long.MIN_VALUE});

    @TempDir
    Path dir;

    /** A network and an optimizer that has taken {@code steps} steps on it. */
    private static Optimizer trained(TinyNetwork net, Optimizer opt, int steps) {
        for (int i = 0; i < steps; i++) {
            net.randomGradients(100 + i);
            opt.step(net.parameters());
        }
        return opt;
    }

    /** Every parameter and state array of {@code b} is bit for bit {@code a}'s. */
    private static void assertSameNetwork(Network a, Network b) {
        for (int i = 0; i < a.parameters().size(); i++) {
            Parameter p = a.parameters().get(i);
            assertIdentical(p.value(), b.parameters().get(i).value(), p.name());
        }
        a.state().forEach((name, s) -> assertIdentical(s, b.state().get(name), name));
    }

    private static Map<String, INDArray> snapshot(Network net) {
        Map<String, INDArray> copy = new LinkedHashMap<>();
        net.parameters().forEach(p -> copy.put(p.name(), p.value().dup()));
        net.state().forEach((name, a) -> copy.put(name, a.dup()));
        return copy;
    }

    @Test
    void aRoundTripRestoresParametersStateMomentsAndCounters() throws IOException {
        for (Optimizer[] pair : new Optimizer[][] {{new AdamW(0.01), new AdamW(0.01)},
                {new Sgd(0.1, 0.9, true, 5e-4, DecayPolicy.WEIGHTS_ONLY), new Sgd(0.1, 0.9, true, 5e-4, DecayPolicy.WEIGHTS_ONLY)}}) {
            TinyNetwork saved = new TinyNetwork(1);
            Optimizer opt = trained(saved, pair[0], 3);
            Path file = dir.resolve("ckpt.npz");
            Checkpoint.save(file, saved, opt, STATE);

            TinyNetwork resumed = new TinyNetwork(2);
            Optimizer fresh = pair[1];
            assertEquals(STATE, Checkpoint.load(file, resumed, fresh));
            assertSameNetwork(saved, resumed);
            assertEquals(3, fresh.steps());
            Map<String, INDArray> expected = opt.state();
            Map<String, INDArray> actual = fresh.state();
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
            expected.forEach((name, a) -> assertIdentical(a, actual.get(name), name));

            trained(saved, opt, 2); // both go on with the same gradients: still identical
            trained(resumed, fresh, 2);
            assertSameNetwork(saved, resumed);
        }
    }

    @Test
    void theFileReadsLikeAStateDictWithMetaAndOptimizerEntries() throws IOException {
        TinyNetwork net = new TinyNetwork(1);
        Optimizer opt = trained(net, new Adam(0.01), 1);
        Path file = dir.resolve("ckpt.npz");
        Checkpoint.save(file, net, opt, STATE);
        Map<String, INDArray> arrays = Npz.read(file);
        assertEquals(List.of("meta.format", "meta.model", "meta.epoch", "meta.step", "meta.rng_state",
                "fc.weight", "fc.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var",
                "optimizer.steps", "optimizer.fc.weight.exp_avg", "optimizer.fc.weight.exp_avg_sq", "optimizer.fc.weight.step",
                "optimizer.fc.bias.exp_avg", "optimizer.fc.bias.exp_avg_sq", "optimizer.fc.bias.step",
                "optimizer.bn.weight.exp_avg", "optimizer.bn.weight.exp_avg_sq", "optimizer.bn.weight.step",
                "optimizer.bn.bias.exp_avg", "optimizer.bn.bias.exp_avg_sq", "optimizer.bn.bias.step"),
                List.copyOf(arrays.keySet()));
        assertEquals(0, arrays.get("meta.epoch").rank());
        assertEquals(DataType.INT64, arrays.get("meta.epoch").dataType());
        assertEquals(7, arrays.get("meta.epoch").getLong(0));
        assertArrayEquals("TinyNet".codePoints().toArray(), arrays.get("meta.model").toIntVector());
        assertArrayEquals(new long[] {42, -1, Long.MIN_VALUE}, arrays.get("meta.rng_state").toLongVector());
    }

    @Test
    void shapesTypesAndNamesThatDifferAreEachNamedAndNothingChanges() throws IOException {
        Path file = dir.resolve("ckpt.npz");
        Checkpoint.save(file, new TinyNetwork(1), trained(new TinyNetwork(1), new Sgd(0.1, 0.9, false, 0), 1), STATE);

        TinyNetwork wider = new TinyNetwork("TinyNet", DataType.FLOAT, 5, true, 2);
        Map<String, INDArray> before = snapshot(wider);
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                () -> Checkpoint.load(file, wider, new Sgd(0.1, 0.9, false, 0)));
        assertEquals(List.of("fc.weight: checkpoint has [3,4] FLOAT, the network [5,4] FLOAT",
                "fc.bias: checkpoint has [3] FLOAT, the network [5] FLOAT",
                "bn.weight: checkpoint has [3] FLOAT, the network [5] FLOAT",
                "bn.bias: checkpoint has [3] FLOAT, the network [5] FLOAT",
                "bn.running_mean: checkpoint has [3] FLOAT, the network [5] FLOAT",
                "bn.running_var: checkpoint has [3] FLOAT, the network [5] FLOAT"), e.problems());
        assertTrue(e.getMessage().startsWith(file + ": checkpoint does not fit network TinyNet (6 problems):\n"
                + "  fc.weight: checkpoint has [3,4] FLOAT, the network [5,4] FLOAT\n"), e.getMessage());
        before.forEach((name, a) -> assertIdentical(a, snapshot(wider).get(name), name + " unchanged"));

        e = assertThrows(CheckpointMismatchException.class, () -> Checkpoint.load(file,
                new TinyNetwork("Other", DataType.DOUBLE, 3, false, 2), new Sgd(0.1, 0.9, false, 0)));
        assertEquals(List.of("meta.model: checkpoint is of model TinyNet, the network is Other",
                "fc.weight: checkpoint has [3,4] FLOAT, the network [3,4] DOUBLE",
                "fc.bias: checkpoint has [3] FLOAT, the network [3] DOUBLE",
                "bn.weight: in the checkpoint, but not in the network",
                "bn.bias: in the checkpoint, but not in the network",
                "bn.running_mean: in the checkpoint, but not in the network",
                "bn.running_var: in the checkpoint, but not in the network"), e.problems());
    }

    @Test
    void missingEntriesAndABadMetaAreNamed() throws IOException {
        TinyNetwork net = new TinyNetwork(1);
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("meta.format", Nd4j.scalar(2L));
        arrays.put("meta.epoch", Nd4j.createFromArray(1L, 2L));
        arrays.put("fc.weight", net.parameters().get(0).value());
        Path file = dir.resolve("partial.npz");
        Npz.write(file, arrays);
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class, () -> Checkpoint.load(file, net));
        assertEquals(List.of("meta.format: checkpoint has layout 2, this Kiln reads layout 1",
                "fc.bias: missing from the checkpoint", "bn.weight: missing from the checkpoint",
                "bn.bias: missing from the checkpoint", "bn.running_mean: missing from the checkpoint",
                "bn.running_var: missing from the checkpoint"), e.problems());

        arrays.put("meta.format", Nd4j.scalar(1L));
        Npz.write(file, arrays);
        e = assertThrows(CheckpointMismatchException.class, () -> Checkpoint.load(file, net));
        assertEquals(List.of("meta.model: missing from the checkpoint", "meta.epoch: checkpoint has [2] LONG, expected a 0-d LONG",
                "meta.step: missing from the checkpoint", "meta.rng_state: missing from the checkpoint"),
                e.problems().subList(0, 4));
    }

    @Test
    void anOptimizerOfAnotherKindIsNamedAndNothingChanges() throws IOException {
        Path file = dir.resolve("ckpt.npz");
        Checkpoint.save(file, new TinyNetwork(1), trained(new TinyNetwork(1), new Sgd(0.1, 0.9, false, 0), 2), STATE);
        TinyNetwork net = new TinyNetwork(2);
        Map<String, INDArray> before = snapshot(net);
        Adam adam = new Adam(0.01);
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class, () -> Checkpoint.load(file, net, adam));
        assertTrue(e.getMessage().startsWith(file + ": optimizer state does not fit this Adam (16 problems):\n"
                + "  optimizer.fc.weight.exp_avg: missing\n"), e.getMessage());
        assertTrue(e.problems().contains("optimizer.fc.weight.momentum_buffer: unexpected; Adam keeps optimizer.steps and, "
                + "per parameter, <name>.exp_avg, <name>.exp_avg_sq, <name>.step"), e.getMessage());
        before.forEach((name, a) -> assertIdentical(a, snapshot(net).get(name), name + " unchanged"));
        assertEquals(0, adam.steps());

        assertEquals(STATE, Checkpoint.load(file, net), "the network alone loads, for evaluation");
        assertSameNetwork(new TinyNetwork(1), net);
    }

    @Test
    void aFailedSaveLeavesThePreviousCheckpoint() throws IOException {
        Path file = dir.resolve("ckpt.npz");
        TinyNetwork net = new TinyNetwork(1);
        Checkpoint.save(file, net, new Sgd(0.1, 0, false, 0), STATE);
        byte[] before = Files.readAllBytes(file);

        TinyNetwork broken = new TinyNetwork(9);
        broken.state().get("bn.running_var").close(); // the last network array: fails after most entries are written
        assertThrows(IllegalStateException.class,
                () -> Checkpoint.save(file, broken, new Sgd(0.1, 0, false, 0), new TrainingState(8, 2000, new long[0])));
        assertArrayEquals(before, Files.readAllBytes(file));
        TinyNetwork restored = new TinyNetwork(3);
        assertEquals(STATE, Checkpoint.load(file, restored, new Sgd(0.1, 0, false, 0)));
        assertSameNetwork(net, restored);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void trainingStateCopiesItsArray() {
        long[] rng = {1, 2};
        TrainingState s = new TrainingState(0, 0, rng);
        rng[0] = 9;
        s.rngState()[1] = 9;
        assertArrayEquals(new long[] {1, 2}, s.rngState());
        assertEquals(new TrainingState(0, 0, new long[] {1, 2}), s);
        assertEquals(new TrainingState(0, 0, new long[] {1, 2}).hashCode(), s.hashCode());
        assertThrows(IllegalArgumentException.class, () -> new TrainingState(-1, 0, new long[0]));
    }
}
