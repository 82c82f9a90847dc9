package dev.kiln.samples.parity;

import dev.kiln.runtime.Network;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fixed batch of {@link TorchParityTest}, and for float32 the first of its seeds on which no
 * ReLU takes the other branch in float32 than in float64. An element that lands within rounding
 * of a ReLU's kink passes its gradient in one precision and not in the other, which moves every
 * gradient below it by about one part in a thousand (seen on an AVX2 AMD EPYC with ResNet-29's
 * bottleneck blocks: one element of 12,544 in the last block); that is float32 meeting a
 * non-differentiable point, not a difference between the implementations, and the comparison
 * with PyTorch is meant to find the latter.
 */
final class KinkFreeBatch {
    static final int SIZE = 4;
    private static final long FIRST_SEED = 3;
    private static final int SEEDS = 20;

    private KinkFreeBatch() {}

    /** The batch drawn from {@code seed}: Gaussian pixels, the labels 2, 7, 0, 9. */
    static INDArray images(long seed, DataType type) {
        Random random = new Random(seed);
        double[] pixels = new double[SIZE * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextGaussian();
        }
        return Nd4j.create(pixels, new long[] {SIZE, 1, 28, 28}, DataType.DOUBLE).castTo(type);
    }

    static INDArray labels(DataType type) {
        return Nd4j.create(new double[] {2, 7, 0, 9}, new long[] {SIZE}, DataType.DOUBLE).castTo(type);
    }

    /** The seed to use for {@code model} in {@code type}: the first one, or for float32 the first kink-free one. */
    static long seed(String model, DataType type) {
        if (type == DataType.DOUBLE) {
            return FIRST_SEED;
        }
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
            long flips = flips(model, seed);
            if (flips == 0) {
                return seed;
            }
            System.out.printf("TorchParityTest: %s float32, batch seed %d puts %d ReLU input(s) on the other side of 0 than float64;"
                    + " trying the next seed%n", model, seed, flips);
        }
        throw new IllegalStateException(model + ": no kink-free batch among seeds " + FIRST_SEED + "–" + (FIRST_SEED + SEEDS - 1));
    }

    /** How many elements of the outputs that are ReLUs' (all ≥ 0 in float64) differ in being positive between the two precisions. */
    private static long flips(String model, long seed) {
        Network single = TorchParityTest.create(model, DataType.FLOAT);
        Network twin = TorchParityTest.create(model, DataType.DOUBLE);
        TorchParityTest.perturb(single);
        for (int i = 0; i < single.parameters().size(); i++) {
            twin.parameters().get(i).value().assign(single.parameters().get(i).value().castTo(DataType.DOUBLE));
        }
        single.state().forEach((name, value) -> twin.state().get(name).assign(value.castTo(DataType.DOUBLE)));
        single.trainForward(images(seed, DataType.FLOAT));
        twin.trainForward(images(seed, DataType.DOUBLE));
        long flips = 0;
        Map<String, INDArray> exact = twin.outputs();
        for (Map.Entry<String, INDArray> e : single.outputs().entrySet()) {
            INDArray v = exact.get(e.getKey());
            if (v.minNumber().doubleValue() < 0) {
                continue; // not a ReLU's output
            }
            INDArray u = e.getValue().castTo(DataType.DOUBLE);
            for (long i = 0; i < v.length(); i++) {
                if ((u.getDouble(i) > 0) != (v.getDouble(i) > 0)) {
                    flips++;
                }
            }
        }
        return flips;
    }
}
