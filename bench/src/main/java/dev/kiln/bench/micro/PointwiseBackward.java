package dev.kiln.bench.micro;

import dev.kiln.runtime.kernels.Conv2d;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ResNet-20's two projection shortcuts (1×1, stride 2, channels last) at batch 128, backward
 * with dx accumulated as in the step: Conv2d's matrix-product path against conv2d_bp plus the
 * scratch add (forced by asking for db too); medians of 41 after 20, alternating.
 * Run from the repository root after ./kiln has built Kiln, in the launcher's environment:
 *   MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TOP_PAD_=536870912 GOMP_SPINCOUNT=1000 \
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.kiln.bench.micro.PointwiseBackward
 */
public class PointwiseBackward {
    public static void main(String[] args) {
        int[][] shapes = {{16, 32, 28}, {32, 64, 14}};
        for (int[] s : shapes) {
            int c = s[0], f = s[1], side = s[2], out = side / 2;
            INDArray x = Nd4j.randn(DataType.FLOAT, 128, side, side, c), dy = Nd4j.randn(DataType.FLOAT, 128, out, out, f);
            INDArray w = Nd4j.randn(DataType.FLOAT, f, c, 1, 1), dw = w.ulike(), db = Nd4j.create(DataType.FLOAT, f);
            INDArray dx = x.ulike();
            Conv2d matrix = new Conv2d(1, 2, 0, 1, true), op = new Conv2d(1, 2, 0, 1, true);
            Runnable[] work = {() -> matrix.backward(x, w, dy, dx, true, dw, null), () -> op.backward(x, w, dy, dx, true, dw, db)};
            double[][] t = new double[2][41];
            for (int r = -20; r < 41; r++) {
                for (int k = 0; k < 2; k++) {
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
            System.out.printf("%d→%d at %d×%d, stride 2: matrix products %.2f ms, conv2d_bp + add %.2f ms (medians)%n",
                    c, f, side, side, t[0][20], t[1][20]);
        }
    }
}
