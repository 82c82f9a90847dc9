package dev.kiln.bench.micro;

import dev.kiln.runtime.kernels.BatchNorm;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch norm (fused with its ReLU) on ResNet-20's three map shapes at batch 128, NCHW against
 * channels last ([N,H,W,C], the same values), in one process: training forward, backward
 * through the ReLU mask, inference forward; the median of 41 calls per kind after 20, the two
 * layouts alternating; an argument sets the batch (default 128). Run from the repository root after ./kiln has built Kiln:
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.kiln.bench.micro.BnLayouts
 */
public class BnLayouts {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int[][] shapes = {{16, 28}, {32, 14}, {64, 7}};
        System.out.println("shape              NCHW train/back/infer ms     NHWC train/back/infer ms");
        for (int[] s : shapes) {
            int c = s[0], side = s[1];
            INDArray x = Nd4j.randn(DataType.FLOAT, n, c, side, side), dy = Nd4j.randn(DataType.FLOAT, n, c, side, side);
            INDArray xl = x.permute(0, 2, 3, 1).dup('c'), dyl = dy.permute(0, 2, 3, 1).dup('c');
            INDArray g = Nd4j.ones(DataType.FLOAT, c), b = Nd4j.zeros(DataType.FLOAT, c);
            INDArray rm = Nd4j.zeros(DataType.FLOAT, c), rv = Nd4j.ones(DataType.FLOAT, c);
            INDArray dg = g.ulike(), db = g.ulike();
            BatchNorm first = new BatchNorm(0.1, 1e-5), last = new BatchNorm(0.1, 1e-5, true);
            INDArray y = x.ulike(), dx = x.ulike(), yl = xl.ulike(), dxl = xl.ulike();
            Runnable[] work = {
                () -> first.forwardTrain(x, g, b, rm, rv, y, true),
                () -> first.backward(x, g, y, dy, dx, false, dg, db),
                () -> first.forwardInference(x, g, b, rm, rv, y, true),
                () -> last.forwardTrain(xl, g, b, rm, rv, yl, true),
                () -> last.backward(xl, g, yl, dyl, dxl, false, dg, db),
                () -> last.forwardInference(xl, g, b, rm, rv, yl, true)};
            double[][] t = new double[work.length][41];
            for (int r = -20; r < 41; r++) {
                for (int k = 0; k < work.length; k++) {
                    long t0 = System.nanoTime();
                    work[k].run();
                    if (r >= 0) {
                        t[k][r] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
            double[] med = Arrays.stream(t).mapToDouble(v -> { Arrays.sort(v); return v[20]; }).toArray();
            System.out.printf("[%d,%d,%d,%d]   %6.2f %6.2f %6.2f          %6.2f %6.2f %6.2f%n", n, c, side, side,
                    med[0], med[1], med[2], med[3], med[4], med[5]);
        }
    }
}
