package dev.kiln.samples.bench;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.Sgd;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kiln's side: the generated sample network's {@code trainStep} and {@code predict} on one random
 * batch; then, in the same process, the network's convolutions alone ({@link ConvLimit}): as
 * Kiln runs them, interleaved with steps, for the split of its step; and the faster layout per
 * shape, the machine's limit.
 */
final class KilnRun {
    private KilnRun() {}

    static List<BenchResult> measure(BenchModel model, int batch, Timer timer) {
        Nd4j.getRandom().setSeed(7);
        Network net = model.sample().create(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, BenchModel.CHANNELS, BenchModel.SIDE, BenchModel.SIDE);
        INDArray y = Nd4j.rand(DataType.FLOAT, batch).muli(BenchModel.CLASSES).castTo(DataType.INT32);
        Sgd sgd = new Sgd(0.1, 0.9, true, 5e-4);
        double train = timer.median(() -> net.trainStep(x, y, sgd));
        long peak = ProcessMemory.now().peakResidentBytes();
        double infer = timer.median(() -> net.predict(x));
        long params = net.parameters().stream().mapToLong(p -> p.value().length()).sum();
        ConvLimit limit = new ConvLimit(batch, new Timer(timer.warmup(), Math.max(timer.repeats(), 9)));
        double convShare = convShare(timer, () -> net.trainStep(x, y, sgd), limit.kilnPass(model));
        ConvLimit.Sum convs = limit.of(model);
        BenchResult kiln = new BenchResult(model.id(), batch, "kiln", train, infer, peak, params, net.trainingBytes(batch),
                convShare * train, "generated " + net.name() + ", Sgd(0.1, 0.9, nesterov, 5e-4), ND4J " + Backend.describe());
        BenchResult limitRow = new BenchResult(model.id(), batch, ConvLimit.SYSTEM, convs.trainMs(), convs.forwardMs(), -1, -1, -1, -1,
                "the network's convolutions alone, forward (conv2d) and backward (conv2d_bp): the best run of the faster"
                        + " of NCHW and NHWC per layer shape, summed; train = forward + backward, infer = forward");
        return List.of(kiln, limitRow);
    }

    /**
     * The share of a step its convolutions take: rounds of one step then one pass over the
     * network's convolutions alone, so that both see the same moment of a shared machine; the
     * median of the rounds' ratios.
     */
    private static double convShare(Timer timer, Runnable step, Runnable convs) {
        convs.run();
        double[] share = new double[Math.max(timer.repeats(), 3)];
        for (int i = 0; i < share.length; i++) {
            long t0 = System.nanoTime();
            step.run();
            long t1 = System.nanoTime();
            convs.run();
            share[i] = (double) (System.nanoTime() - t1) / (t1 - t0);
        }
        java.util.Arrays.sort(share);
        return Timer.median(share);
    }
}
