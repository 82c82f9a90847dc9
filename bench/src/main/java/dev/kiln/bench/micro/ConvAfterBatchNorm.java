package dev.kiln.bench.micro;

import dev.kiln.runtime.kernels.BatchNorm;
import dev.kiln.runtime.kernels.Conv2d;
import dev.kiln.runtime.kernels.batchnorm.BatchNormEngine;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether a convolution runs slower after oneDNN's batch norm than after the Java loops' (which
 * write their last pass from the tensor's end back to its start): a channels-last batch norm's
 * training forward with its ReLU, then a 3×3 convolution reading its output, on six sets of
 * arrays in turn, batch 128; the median of 60 of each after 20, the two engines alternating for
 * four rounds. Arguments: channels and side (16 28, 32 14, 64 7). Run from the repository root
 * after ./kiln has built Kiln, in the launcher's environment:
 *   MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TOP_PAD_=536870912 GOMP_SPINCOUNT=1000 \
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.kiln.bench.micro.ConvAfterBatchNorm 16 28
 */
public class ConvAfterBatchNorm {
    private static final int SETS = 6;

    public static void main(String[] args) {
        int c = Integer.parseInt(args[0]);
        int side = Integer.parseInt(args[1]);
        INDArray[] lin = new INDArray[SETS];
        INDArray[] act = new INDArray[SETS];
        INDArray[] out = new INDArray[SETS];
        BatchNorm[] bn = new BatchNorm[SETS];
        for (int i = 0; i < SETS; i++) {
            lin[i] = Nd4j.randn(DataType.FLOAT, 128, side, side, c);
            act[i] = lin[i].ulike();
            out[i] = lin[i].ulike();
            bn[i] = new BatchNorm(0.1, 1e-5, true);
        }
        INDArray w = Nd4j.randn(DataType.FLOAT, c, c, 3, 3).muli(0.1);
        INDArray g = Nd4j.ones(DataType.FLOAT, c);
        INDArray b = Nd4j.zeros(DataType.FLOAT, c);
        INDArray rm = Nd4j.zeros(DataType.FLOAT, c);
        INDArray rv = Nd4j.ones(DataType.FLOAT, c);
        Conv2d conv = new Conv2d(3, 1, 1, 1, true);
        int next = 0;
        for (int round = 0; round < 4; round++) {
            for (boolean onednn : new boolean[] {false, true}) {
                BatchNormEngine.setOnednn(onednn);
                double[] convMs = new double[60];
                double[] bnMs = new double[60];
                for (int r = -20; r < convMs.length; r++) {
                    int i = next++ % SETS;
                    long t0 = System.nanoTime();
                    bn[i].forward(true, lin[i], g, b, rm, rv, act[i], true);
                    long t1 = System.nanoTime();
                    conv.forward(act[i], w, null, out[i]);
                    long t2 = System.nanoTime();
                    if (r >= 0) {
                        bnMs[r] = (t1 - t0) / 1e6;
                        convMs[r] = (t2 - t1) / 1e6;
                    }
                }
                Arrays.sort(convMs);
                Arrays.sort(bnMs);
                System.out.printf(Locale.ROOT, "%d channels at %d×%d: batch norm on %-6s %.3f ms, then the convolution %.3f ms%n", c,
                        side, side, onednn ? "oneDNN" : "loops", bnMs[bnMs.length / 2], convMs[convMs.length / 2]);
            }
        }
    }
}
