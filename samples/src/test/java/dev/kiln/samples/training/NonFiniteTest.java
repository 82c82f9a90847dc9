package dev.kiln.samples.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.NonFinite;
import dev.kiln.runtime.NonFiniteLossException;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.io.EpochCheckpoints;
import dev.kiln.runtime.train.BatchSource;
import dev.kiln.runtime.train.ConstantSchedule;
import dev.kiln.runtime.train.Parameter;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingListener;
import dev.kiln.samples.models.KilnOneBlockResNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NaN and infinity during training: the trainer stops with the step, what went non-finite first
 * and the last good checkpoint, or skips the batch when told to, leaving parameters and BN
 * statistics as if the batch had not been there.
 */
public class NonFiniteTest {
    private static final int BATCHES = 4;
    private static final int BATCH = 6;

    @Test
    void overflowInALayerStopsWithTheStepTheLayerAndTheLastCheckpoint(@TempDir Path dir) throws IOException {
        // epoch 2, batch 3: finite pixels so large that the first convolution overflows
        Data data = new Data((epoch, batch) -> epoch == 2 && batch == 2 ? 3e38f : 0);
        Network net = KilnOneBlockResNet.create(1);
        Sgd sgd = new Sgd(0.01, 0.9, false, 0);
        Path file = dir.resolve("checkpoint.npz");
        Trainer trainer = new Trainer(net, sgd, new ConstantSchedule(0.01), new Trainer.Config(3, 0, 0, 0, 5));
        trainer.checkpoints(new EpochCheckpoints(file, net, sgd, new long[] {5}));

        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> trainer.fit(data, data.test(), 1));

        assertEquals(BATCHES + 3, e.step(), e.getMessage());
        assertTrue(e.getMessage().contains("the loss at training step 7 (epoch 2, batch 3) is NaN"), e.getMessage());
        assertTrue(e.culprit().orElseThrow().startsWith("the output of stem/linear["), e.getMessage());
        NonFiniteLossException.GoodCheckpoint good = e.lastGoodCheckpoint().orElseThrow();
        assertEquals(new NonFiniteLossException.GoodCheckpoint(file, 1, BATCHES), good);
        assertTrue(e.getMessage().contains("last good checkpoint: " + file + " (after epoch 1, step 4)"), e.getMessage());
        Network restored = KilnOneBlockResNet.create(2);
        assertEquals(1, Checkpoint.load(file, restored, new Sgd(0.01, 0.9, false, 0)).epoch());
        assertTrue(NonFinite.inParameters(restored).isEmpty(), "the last good checkpoint holds finite values");
    }

    @Test
    void nanInTheInputIsNamedWithItsPosition() {
        Data data = new Data((epoch, batch) -> batch == 1 ? Float.NaN : 0);
        Network net = KilnOneBlockResNet.create(1);
        Trainer trainer = new Trainer(net, new Sgd(0.01, 0, false, 0), new ConstantSchedule(0.01), new Trainer.Config(1, 0, 0, 0, 5));
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> trainer.fit(data, data.test(), 1));
        assertEquals(2, e.step());
        assertEquals("the input[0, 0, 3, 4] is NaN", e.culprit().orElseThrow());
        assertFalse(e.lastGoodCheckpoint().isPresent());
    }

    @Test
    void aSkippedBatchLeavesTheNetworkAsIfItWereNotThere() {
        Data withNaN = new Data((epoch, batch) -> epoch == 1 && batch == 2 ? Float.NaN : 0);
        Network skipping = KilnOneBlockResNet.create(1);
        List<String> skipped = new ArrayList<>();
        Trainer trainer = new Trainer(skipping, new Sgd(0.05, 0.9, true, 1e-4), new ConstantSchedule(0.05),
                new Trainer.Config(2, 0, 0, 0, 5, 1));
        trainer.listen(new TrainingListener() {
            @Override
            public void onSkippedBatch(int epoch, int batch, long step, double loss, String culprit) {
                skipped.add(epoch + "/" + batch + "/" + step + ": " + culprit);
            }
        });
        trainer.fit(withNaN, withNaN.test(), 1);

        Data without = withNaN.dropping((epoch, batch) -> epoch == 1 && batch == 2);
        Network straight = KilnOneBlockResNet.create(1);
        new Trainer(straight, new Sgd(0.05, 0.9, true, 1e-4), new ConstantSchedule(0.05), new Trainer.Config(2, 0, 0, 0, 5))
                .fit(without, without.test(), 1);

        assertEquals(List.of("1/2/3: the input[0, 0, 3, 4] is NaN"), skipped);
        assertEquals(1, trainer.skipped());
        assertEquals(2 * BATCHES - 1, trainer.step());
        assertSameArrays(straight, skipping);
    }

    @Test
    void theSkipBudgetRunsOut() {
        Data data = new Data((epoch, batch) -> batch >= 1 ? Float.NaN : 0);
        Trainer trainer = new Trainer(KilnOneBlockResNet.create(1), new Sgd(0.01, 0, false, 0), new ConstantSchedule(0.01),
                new Trainer.Config(1, 0, 0, 0, 5, 2));
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> trainer.fit(data, data.test(), 1));
        assertTrue(e.getMessage().contains("the loss at training step 2 (epoch 1, batch 4) is NaN, after 2 skipped batches"), e.getMessage());
        assertEquals(2, e.step(), "one step was taken, batches 2 and 3 were skipped");
    }

    @Test
    void parametersThatGoNonFiniteStopTheRunBeforeTheyAreCheckpointed(@TempDir Path dir) {
        Data data = new Data((epoch, batch) -> 0);
        Network net = KilnOneBlockResNet.create(1);
        Sgd sgd = new Sgd(0.01, 0, false, 0);
        Path file = dir.resolve("checkpoint.npz");
        Trainer trainer = new Trainer(net, sgd, new ConstantSchedule(0.01), new Trainer.Config(2, 0, 0, 0, 5));
        trainer.checkpoints(new EpochCheckpoints(file, net, sgd, new long[0])).listen(poisonGradient(1, BATCHES - 1));
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> trainer.fit(data, data.test(), 1));
        assertTrue(e.getMessage().contains("after training step 4 (epoch 1) the parameters are no longer finite"), e.getMessage());
        assertTrue(e.culprit().orElseThrow().startsWith("parameter logits.bias[3] is NaN"), e.getMessage());
        assertFalse(Files.exists(file), "no checkpoint with NaN in it");
    }

    @Test
    void aNonFiniteGradientIsSkippedBeforeTheUpdate() {
        Data data = new Data((epoch, batch) -> 0);
        Network net = KilnOneBlockResNet.create(1);
        Trainer trainer = new Trainer(net, new Sgd(0.01, 0, false, 0), new ConstantSchedule(0.01),
                new Trainer.Config(1, 0, 0, 0, 5, 1));
        List<String> culprits = new ArrayList<>();
        trainer.listen(poisonGradient(1, 1)).listen(new TrainingListener() {
            @Override
            public void onSkippedBatch(int epoch, int batch, long step, double loss, String culprit) {
                culprits.add(culprit);
            }
        });
        trainer.fit(data, data.test(), 1);
        assertEquals(List.of("the gradient of logits.bias[3] is NaN"), culprits);
        assertTrue(NonFinite.inParameters(net).isEmpty());
    }

    /** Puts NaN into logits.bias's gradient after backward of one batch: an exploding gradient. */
    private static TrainingListener poisonGradient(int epoch, int batch) {
        return new TrainingListener() {
            @Override
            public void onGradients(int e, int b, List<Parameter> parameters) {
                if (e == epoch && b == batch) {
                    parameters.stream().filter(p -> p.name().equals("logits.bias")).findFirst().orElseThrow()
                            .gradient().putScalar(3, Double.NaN);
                }
            }
        };
    }

    private static void assertSameArrays(Network expected, Network actual) {
        for (int i = 0; i < expected.parameters().size(); i++) {
            Parameter p = expected.parameters().get(i);
            assertTrue(p.value().equalsWithEps(actual.parameters().get(i).value(), 1e-6), p.name());
        }
        for (Map.Entry<String, INDArray> s : expected.state().entrySet()) {
            assertTrue(s.getValue().equalsWithEps(actual.state().get(s.getKey()), 1e-6), s.getKey());
        }
    }

    /** Which value to plant in a batch: 0 for none, NaN at [0, 0, 3, 4], any other value in every pixel. */
    interface Plant {
        float at(int epoch, int batch);
    }

    /** The same {@value BATCHES} random batches every epoch, with values planted in some and some left out. */
    static final class Data implements BatchSource {
        private final List<INDArray> images = new ArrayList<>();
        private final List<INDArray> labels = new ArrayList<>();
        private final Plant plant;
        private final BiSkip skip;

        Data(Plant plant) {
            this(plant, (e, b) -> false);
        }

        private Data(Plant plant, BiSkip skip) {
            this.plant = plant;
            this.skip = skip;
            SplittableRandom r = new SplittableRandom(3);
            for (int b = 0; b < BATCHES; b++) {
                INDArray x = Nd4j.create(DataType.FLOAT, BATCH, 1, 28, 28);
                for (long i = 0; i < x.length(); i++) {
                    x.putScalar(i, (float) r.nextGaussian());
                }
                images.add(x);
                labels.add(Nd4j.createFromArray(r.ints(BATCH, 0, 10).mapToDouble(v -> v).toArray()).castTo(DataType.FLOAT));
            }
        }

        interface BiSkip {
            boolean test(int epoch, int batch);
        }

        Data dropping(BiSkip drop) {
            return new Data(plant, drop);
        }

        BatchSource test() {
            return new Data((e, b) -> 0);
        }

        @Override
        public int size() {
            return BATCHES * BATCH;
        }

        @Override
        public int batches() {
            return BATCHES;
        }

        @Override
        public Iterator<Batch> epoch(int epoch) {
            List<Batch> out = new ArrayList<>();
            for (int b = 0; b < BATCHES; b++) {
                if (skip.test(epoch, b)) {
                    continue;
                }
                INDArray x = images.get(b).dup();
                float v = plant.at(epoch, b);
                if (Float.isNaN(v)) {
                    x.putScalar(new long[] {0, 0, 3, 4}, Float.NaN);
                } else if (v != 0) {
                    x.assign(v);
                }
                out.add(new Batch(x, labels.get(b)));
            }
            return out.iterator();
        }
    }
}
