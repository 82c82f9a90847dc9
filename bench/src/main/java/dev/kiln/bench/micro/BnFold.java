package dev.kiln.bench.micro;

import dev.kiln.runtime.kernels.BatchNorm;
import dev.kiln.runtime.kernels.Conv2d;
import dev.kiln.runtime.kernels.Relu;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether folding batch norm into the convolution before it would speed up inference: on
 * ResNet-20's three channels-last 3×3 shapes at batch 128, (a) the convolution without bias then
 * Kiln's inference batch norm with its fused ReLU (what the generated code runs), (b) the
 * convolution with the folded bias then an in-place ReLU (what folding gives with ND4J's conv2d,
 * which has no fused activation), (c) the convolution with bias alone (the floor, were the ReLU
 * fused into the convolution). Medians of 41 after 20, the three alternating. Run from the
 * repository root after ./kiln has built Kiln, in the launcher's environment:
 *   MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TOP_PAD_=536870912 GOMP_SPINCOUNT=1000 \
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.kiln.bench.micro.BnFold
 */
public class BnFold {
    public static void main(String[] args) {
        int n = 128;
        int[][] shapes = {{16, 28}, {32, 14}, {64, 7}};
        System.out.println("shape            (a) conv + BN+ReLU   (b) conv+bias + ReLU   (c) conv+bias   ms");
        for (int[] s : shapes) {
            int c = s[0], side = s[1];
            INDArray x = Nd4j.randn(DataType.FLOAT, n, side, side, c), w = Nd4j.randn(DataType.FLOAT, c, c, 3, 3).muli(0.1);
            INDArray bias = Nd4j.randn(DataType.FLOAT, c), lin = Nd4j.create(DataType.FLOAT, n, side, side, c), y = lin.ulike();
            INDArray g = Nd4j.ones(DataType.FLOAT, c), b = Nd4j.zeros(DataType.FLOAT, c);
            INDArray rm = Nd4j.zeros(DataType.FLOAT, c), rv = Nd4j.ones(DataType.FLOAT, c);
            Conv2d plain = new Conv2d(3, 1, 1, 1, true), folded = new Conv2d(3, 1, 1, 1, true), alone = new Conv2d(3, 1, 1, 1, true);
            BatchNorm bn = new BatchNorm(0.1, 1e-5, true);
            Runnable[] work = {
                () -> { plain.forward(x, w, null, lin); bn.forwardInference(lin, g, b, rm, rv, y, true); },
                () -> { folded.forward(x, w, bias, y); Relu.forward(y, y); },
                () -> alone.forward(x, w, bias, lin)};
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
            System.out.printf("[%d,%d,%d,%d]   %10.2f %20.2f %18.2f%n", n, side, side, c, med[0], med[1], med[2]);
        }
    }
}
