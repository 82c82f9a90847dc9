package dev.kiln.bench.micro;

import dev.kiln.runtime.kernels.Conv2d;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ResNet-20's stem backward at batch 128 (1→16 channels, 3×3, 28×28, channels last), in one
 * process: Conv2d's weight-gradient-only path (dx and db not wanted) against conv2d_bp (forced
 * by asking for db too, which costs a sum over dy); medians of 41 after 20, alternating.
 * Run from the repository root after ./kiln has built Kiln, in the launcher's environment:
 *   MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TOP_PAD_=536870912 GOMP_SPINCOUNT=1000 \
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.kiln.bench.micro.StemGradient
 */
public class StemGradient {
    public static void main(String[] args) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 128, 28, 28, 1), dy = Nd4j.randn(DataType.FLOAT, 128, 28, 28, 16);
        INDArray w = Nd4j.randn(DataType.FLOAT, 16, 1, 3, 3), dw = w.ulike(), db = Nd4j.create(DataType.FLOAT, 16);
        Conv2d alone = new Conv2d(3, 1, 1, 1, true), full = new Conv2d(3, 1, 1, 1, true);
        Runnable[] work = {() -> alone.backward(x, w, dy, null, false, dw, null), () -> full.backward(x, w, dy, null, false, dw, db)};
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
        System.out.printf("stem backward: weight gradient alone %.2f ms, conv2d_bp %.2f ms (medians)%n", t[0][20], t[1][20]);
    }
}
