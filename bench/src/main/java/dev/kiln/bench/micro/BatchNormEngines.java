package dev.kiln.bench.micro;

import dev.kiln.bench.BenchModel;
import dev.kiln.runtime.Network;
import dev.kiln.runtime.kernels.batchnorm.BatchNormEngine;
import dev.kiln.runtime.kernels.conv.ConvClock;
import dev.kiln.runtime.train.Sgd;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A whole training step with batch norm on oneDNN's primitive against the same step on Kiln's
 * Java loops, in one process on one network: rounds of 10 steps (the fourth argument) each way, alternating (A-B-A),
 * the median step of each way per round, and the ratio per round; beside each, the median time
 * the step spent inside its convolutions ({@link ConvClock}). Arguments: model (resnet20),
 * batch (128), rounds (10). Run from the repository root after ./kiln has built Kiln, in the
 * launcher's environment:
 *   MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TOP_PAD_=536870912 GOMP_SPINCOUNT=1000 \
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.kiln.bench.micro.BatchNormEngines resnet20 128 10
 */
public class BatchNormEngines {

    public static void main(String[] args) {
        BenchModel model = BenchModel.valueOf((args.length > 0 ? args[0] : "resnet20").toUpperCase(Locale.ROOT));
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Nd4j.getRandom().setSeed(7);
        Network net = model.sample().create(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, BenchModel.CHANNELS, BenchModel.SIDE, BenchModel.SIDE);
        INDArray y = Nd4j.rand(DataType.FLOAT, batch).muli(BenchModel.CLASSES).castTo(DataType.INT32);
        Sgd sgd = new Sgd(0.1, 0.9, true, 5e-4);
        for (boolean onednn : new boolean[] {false, true, false, true}) {
            BatchNormEngine.setOnednn(onednn);
            steps(net, x, y, sgd, 2 * steps);
        }
        ConvClock.enable(true);
        double[] loops = new double[rounds];
        double[] onednn = new double[rounds];
        double[] ratio = new double[rounds];
        double[] loopsConv = new double[rounds];
        double[] onednnConv = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            BatchNormEngine.setOnednn(false);
            double[] before = steps(net, x, y, sgd, steps);
            BatchNormEngine.setOnednn(true);
            double[] on = steps(net, x, y, sgd, steps);
            BatchNormEngine.setOnednn(false);
            double[] after = steps(net, x, y, sgd, steps);
            loops[r] = (before[0] + after[0]) / 2;
            loopsConv[r] = (before[1] + after[1]) / 2;
            onednn[r] = on[0];
            onednnConv[r] = on[1];
            ratio[r] = loops[r] / onednn[r];
            System.out.printf(Locale.ROOT, "round %d: loops %.1f (convolutions %.1f), oneDNN %.1f (%.1f), loops %.1f (%.1f) ms;"
                    + " speed-up %.2f×%n", r + 1, before[0], before[1], on[0], on[1], after[0], after[1], ratio[r]);
        }
        ConvClock.enable(false);
        Arrays.sort(loops);
        Arrays.sort(onednn);
        Arrays.sort(ratio);
        Arrays.sort(loopsConv);
        Arrays.sort(onednnConv);
        System.out.printf(Locale.ROOT, "%s, batch %d, %d rounds: step on the loops %.1f ms (convolutions %.1f), on oneDNN %.1f ms"
                + " (%.1f), medians; speed-up %.2f× (%.2f–%.2f)%n", model.id(), batch, rounds, loops[rounds / 2],
                loopsConv[rounds / 2], onednn[rounds / 2], onednnConv[rounds / 2], ratio[rounds / 2], ratio[0], ratio[rounds - 1]);
    }

    /** The median wall time of n training steps and the median time inside their convolutions, in ms. */
    private static double[] steps(Network net, INDArray x, INDArray y, Sgd sgd, int n) {
        double[] ms = new double[n];
        double[] conv = new double[n];
        for (int i = 0; i < n; i++) {
            long c = ConvClock.nanos();
            long t = System.nanoTime();
            net.trainStep(x, y, sgd);
            ms[i] = (System.nanoTime() - t) / 1e6;
            conv[i] = (ConvClock.nanos() - c) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(conv);
        return new double[] {ms[n / 2], conv[n / 2]};
    }
}
