package dev.kiln.bench.micro;

import dev.kiln.runtime.kernels.Conv2d;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ResNet-20's 3×3 convolution shapes (channels last, batch 128): Conv2d's split backward (dw by
 * oneDNN 2.5 directly, dx by a forward convolution or oneDNN) against conv2d_bp (forced by
 * asking for db too, which the split path does not serve), and Conv2d's forward (oneDNN 2.5
 * directly) against ND4J's conv2d op. Medians of 31 after 20, the four alternating.
 * Run from the repository root after ./kiln has built Kiln, in the launcher's environment:
 *   MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TOP_PAD_=536870912 GOMP_SPINCOUNT=1000 \
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.kiln.bench.micro.SplitBackward
 */
public class SplitBackward {
    public static void main(String[] args) {
        System.out.println("backward engine: " + Conv2d.backwardEngine());
        int[][] shapes = {{16, 16, 28, 1}, {16, 32, 28, 2}, {32, 32, 14, 1}, {32, 64, 14, 2}, {64, 64, 7, 1}};
        for (int[] s : shapes) {
            int c = s[0], f = s[1], side = s[2], stride = s[3], out = (side - 1) / stride + 1;
            INDArray x = Nd4j.randn(DataType.FLOAT, 128, side, side, c), dy = Nd4j.randn(DataType.FLOAT, 128, out, out, f);
            INDArray w = Nd4j.randn(DataType.FLOAT, f, c, 3, 3), dw = w.ulike(), db = Nd4j.create(DataType.FLOAT, f);
            INDArray dx = x.ulike(), y = dy.ulike();
            Conv2d split = new Conv2d(3, stride, 1, 1, true), op = new Conv2d(3, stride, 1, 1, true);
            DynamicCustomOp nd4jForward = DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(y)
                    .addIntegerArguments(3, 3, stride, stride, 1, 1, 1, 1, 0, 1, 1).build();
            Runnable[] work = {() -> split.backward(x, w, dy, dx, false, dw, null), () -> op.backward(x, w, dy, dx, false, dw, db),
                    () -> split.forward(x, w, null, y), () -> Nd4j.exec(nd4jForward)};
            double[][] t = new double[4][31];
            for (int r = -20; r < 31; r++) {
                for (int k = 0; k < 4; k++) {
                    long t0 = System.nanoTime();
                    work[k].run();
                    if (r >= 0) {
                        t[k][r] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
            for (double[] v : t) {
                Arrays.sort(v);
            }
            System.out.printf("%d→%d at %d×%d, stride %d: split backward %.2f ms, conv2d_bp %.2f ms; forward %.2f ms, ND4J's conv2d %.2f ms (medians)%n",
                    c, f, side, side, stride, t[0][15], t[1][15], t[2][15], t[3][15]);
        }
    }
}
