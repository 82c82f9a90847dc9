package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.train.Sgd;
import dev.kiln.samples.models.KilnResNet20;
import java.util.SplittableRandom;
import dev.kiln.runtime.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The whole of forward, backward and the optimizer working together: ResNet-20 memorises a
 * fixed batch of 32 random images with random labels, driving the loss close to zero.
 */
class OverfitTest {

    @Test
    void resNet20MemorisesOneRandomBatch() {
        KilnResNet20 net = KilnResNet20.create(5);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 32, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.INT32, 32);
        SplittableRandom r = new SplittableRandom(6);
        for (int i = 0; i < 32; i++) {
            y.putScalar(i, r.nextInt(10));
        }
        Sgd sgd = new Sgd(0.05, 0.9, false, 0);
        double first = net.trainStep(x, y, sgd);
        double loss = first;
        int step = 1;
        long start = System.nanoTime();
        while (step < 300 && loss > 0.01) {
            loss = net.trainStep(x, y, sgd);
            step++;
        }
        System.out.printf("ResNet-20 on one random batch of 32: loss %.4f at step 1, %.5f at step %d (%.0f ms per step)%n",
                first, loss, step, (System.nanoTime() - start) / 1e6 / Math.max(1, step - 1));
        assertTrue(first > 1.5, "a fresh network should be near chance (ln 10 ≈ 2.3), but the loss is " + first);
        assertTrue(loss < 0.05, "after " + step + " steps the loss is still " + loss);
    }

    /**
     * The tutorial's residual variants train too: on a batch whose mean brightness encodes the
     * class, the loss falls to under half of where it started within 50 steps.
     */
    @ParameterizedTest
    @EnumSource(value = SampleModel.class, names = {"ONEBLOCK", "PREACT20", "BOTTLENECK29"})
    void residualVariantsLearnOneBatch(SampleModel sample) {
        Network net = sample.create(7);
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, 20, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.INT32, 20);
        for (int i = 0; i < 20; i++) {
            y.putScalar(i, i % 10);
            x.slice(i).addi((i % 10 - 4.5) * 0.5);
        }
        Sgd sgd = new Sgd(0.05, 0.9, false, 0);
        double first = net.trainStep(x, y, sgd);
        double loss = first;
        for (int step = 1; step < 50; step++) {
            loss = net.trainStep(x, y, sgd);
        }
        System.out.printf("%s on one batch of 20: loss %.4f at step 1, %.4f at step 50%n", sample.id(), first, loss);
        assertTrue(first > 1.5, sample.id() + " should start near chance (ln 10 ≈ 2.3), but the loss is " + first);
        assertTrue(loss < first / 2, sample.id() + ": after 50 steps the loss is still " + loss + " (from " + first + ")");
    }
}
