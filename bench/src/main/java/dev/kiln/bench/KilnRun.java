package dev.kiln.bench;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.kernels.Conv2d;
import dev.kiln.runtime.kernels.batchnorm.BatchNormEngine;
import dev.kiln.runtime.kernels.conv.ConvClock;
import dev.kiln.runtime.kernels.conv.ConvEngine;
import dev.kiln.runtime.train.Sgd;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kiln's side: the generated sample network's {@code trainStep} and {@code predict} on one random
 * batch; the split of its step into convolutions and the rest, timed in place ({@link ConvClock});
 * then, in the same process, the network's convolutions alone in the faster layout per shape, the
 * machine's limit, and the same on cold caches ({@link ConvLimit}).
 */
final class KilnRun {
    private KilnRun() {}

    /**
     * {@code system} is {@code kiln}, or {@code kiln-unfolded}: inference with each batch norm run as
     * a pass of its own after its convolution, as before folding ({@code ConvEngine.setFolding(false)}),
     * or {@code kiln-bn-loops}: batch norm's training calls on the Java loops (the process is started
     * with {@code -Dkiln.dnnlBatchNorm=false}). Only {@code kiln} adds the convolutions-alone limits.
     */
    static List<BenchResult> measure(String system, BenchModel model, int batch, Timer timer) {
        boolean folding = !system.equals("kiln-unfolded");
        ConvEngine.setFolding(folding);
        Nd4j.getRandom().setSeed(7);
        Network net = model.sample().create(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, BenchModel.CHANNELS, BenchModel.SIDE, BenchModel.SIDE);
        INDArray y = Nd4j.rand(DataType.FLOAT, batch).muli(BenchModel.CLASSES).castTo(DataType.INT32);
        Sgd sgd = new Sgd(0.1, 0.9, true, 5e-4);
        boolean training = Measure.trainingToo();
        double train = training ? timer.median(() -> net.trainStep(x, y, sgd)) : -1;
        long peakTraining = ProcessMemory.now().peakResidentBytes();
        Timer.Latency infer = timer.latency(() -> net.predict(x), batch);
        long peak = training ? peakTraining : ProcessMemory.now().peakResidentBytes();
        double inferConvShare = convShare(timer, () -> net.predict(x));
        long params = net.parameters().stream().mapToLong(p -> p.value().length()).sum();
        double convShare = training ? convShare(timer, () -> net.trainStep(x, y, sgd)) : -1;
        BenchResult kiln = new BenchResult(model.id(), batch, system, train, infer.median(), peak, params, net.trainingBytes(batch),
                training ? convShare * train : -1, "generated " + net.name() + ", Sgd(0.1, 0.9, nesterov, 5e-4), ND4J " + Backend.describe()
                        + ", convolutions: " + Conv2d.backwardEngine() + (folding ? ", inference with batch norm folded into them"
                        : ", inference with batch norm as a pass of its own") + ", batch norm in training on "
                        + (BatchNormEngine.onednn() ? "oneDNN where it takes the call" : "the Java loops"),
                infer.p99(), inferConvShare * infer.median());
        if (!system.equals("kiln") || !training) {
            return List.of(kiln);
        }
        ConvLimit.Sum convs = new ConvLimit(batch, new Timer(timer.warmup(), Math.max(timer.repeats(), 9))).of(model);
        BenchResult limitRow = new BenchResult(model.id(), batch, ConvLimit.SYSTEM, convs.trainMs(), convs.forwardMs(), -1, -1, -1, -1,
                "the network's convolutions alone, forward (conv2d, or oneDNN directly) and backward (conv2d_bp, or Kiln's"
                        + " split backward on oneDNN): the best run of the fastest way per layer shape, NCHW or NHWC, summed;"
                        + " train = forward + backward, infer = forward");
        BenchResult coldRow = new BenchResult(model.id(), batch, ConvLimit.COLD_SYSTEM, convs.coldTrainMs(), convs.coldForwardMs(),
                -1, -1, -1, -1, "the same convolutions on cold caches: Kiln's channels-last kernel (the step's), each call on"
                        + " arrays last touched " + (ConvLimit.COLD_BYTES >> 20) + " MiB of other arrays ago; medians per layer"
                        + " shape, summed");
        return List.of(kiln, limitRow, coldRow);
    }

    /**
     * The share of a step (or an inference call) its convolutions take, timed in place: per run, the
     * time {@link ConvClock} counted inside {@code Conv2d} and the folded convolutions over the run's
     * wall time; the median.
     */
    private static double convShare(Timer timer, Runnable step) {
        double[] share = new double[Math.max(timer.repeats(), 3)];
        ConvClock.enable(true);
        try {
            for (int i = 0; i < share.length; i++) {
                long conv = ConvClock.nanos();
                long t0 = System.nanoTime();
                step.run();
                long wall = System.nanoTime() - t0;
                share[i] = (double) (ConvClock.nanos() - conv) / wall;
            }
        } finally {
            ConvClock.enable(false);
        }
        java.util.Arrays.sort(share);
        return Timer.median(share);
    }
}
