package dev.kiln.runtime.kernels.conv;

import static dev.kiln.runtime.testing.ArrayAsserts.assertClose;
import static dev.kiln.runtime.testing.ArrayAsserts.flat;
import static dev.kiln.runtime.testing.GradientCheck.random;
import static dev.kiln.runtime.testing.Layouts.toFirst;
import static dev.kiln.runtime.testing.Layouts.toLast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.kernels.Conv2d;
import dev.kiln.runtime.kernels.onednn.Dnnl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A channels-last float convolution without bias or dilation runs its forward by oneDNN and
 * splits its backward (dw by oneDNN, dx by a flipped forward convolution at stride 1 or by
 * oneDNN when strided): y, and dw and dx,
 * overwritten, accumulated or not wanted, are the NCHW kernel's ({@code conv2d_bp}, itself
 * checked against a naive reference and finite differences in {@code Conv2dTest}), over kernel
 * sizes, strides, paddings and channel counts (multiples of 16 or not), on sides the stride does
 * not divide, and after a new batch size.
 */
class ChannelsLastDnnlBackwardTest {
    @Test
    void oneDnnLoadsOnLinuxX86() {
        if (System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertTrue(Dnnl.available(), () -> "the split backward would not run: " + Dnnl.unavailable().orElse(""));
            assertEquals("oneDNN 2.5 direct", Conv2d.backwardEngine());
        }
    }

    /** Channel counts that are multiples of 16 and not (oneDNN 3.3.4's strided dx was wrong for the latter; 2.5.2's is right). */
    @ParameterizedTest
    @CsvSource({"3, 1, 1, 5, 6", "3, 2, 1, 5, 6", "5, 1, 2, 5, 6", "3, 1, 0, 5, 6", "3, 2, 0, 5, 6", "2, 1, 1, 5, 6",
            "5, 3, 2, 5, 6", "3, 2, 1, 16, 32", "3, 2, 0, 32, 16", "3, 1, 1, 16, 16"})
    void splitBackwardAgreesWithNchw(int k, int s, int p, int c, int f) {
        int side = 9, out = (side + 2 * p - k) / s + 1;
        Conv2d first = new Conv2d(k, s, p, 1);
        Conv2d last = new Conv2d(k, s, p, 1, true);
        for (int n : new int[] {3, 3, 2}) {
            INDArray x = random(40 + n, n, c, side, side).castTo(DataType.FLOAT);
            INDArray w = random(41 + n, f, c, k, k).castTo(DataType.FLOAT);
            INDArray dy = random(42 + n, n, f, out, out).castTo(DataType.FLOAT);
            INDArray start = random(43, n, c, side, side).castTo(DataType.FLOAT);
            INDArray xLast = toLast(x), dyLast = toLast(dy);
            INDArray y = Nd4j.create(DataType.FLOAT, n, f, out, out), yLast = Nd4j.create(DataType.FLOAT, n, out, out, f);
            first.forward(x, w, null, y);
            last.forward(xLast, w, null, yLast);
            assertClose(flat(y), toFirst(yLast), 1e-4, k + "×" + k + ", stride " + s + ", padding " + p + ", batch " + n + ": y");
            for (boolean accumulate : new boolean[] {false, true}) {
                INDArray dx = start.dup(), dw = w.ulike(), dxLast = toLast(start);
                INDArray dwLast = Nd4j.valueArrayOf(w.shape(), 7f, DataType.FLOAT);
                first.backward(x, w, dy, dx, accumulate, dw, null);
                last.backward(xLast, w, dyLast, dxLast, accumulate, dwLast, null);
                String what = k + "×" + k + ", stride " + s + ", padding " + p + ", batch " + n + (accumulate ? ", accumulating " : " ");
                assertClose(flat(dx), toFirst(dxLast), 1e-4, what + "dx");
                assertClose(flat(dw), dwLast, 1e-4, what + "dw");
            }
            INDArray dw = w.ulike(), dwLast = w.ulike();
            first.backward(x, w, dy, null, false, dw, null);
            last.backward(xLast, w, dyLast, null, false, dwLast, null);
            assertClose(flat(dw), dwLast, 1e-4, "dx not wanted: dw");
        }
    }

    /**
     * Replicas on several threads, one {@code Conv2d} each (each with its own oneDNN stream),
     * get bit for bit what one thread alone gets, stride 1 and strided.
     */
    @Test
    void replicasOnSeveralThreadsComputeWhatOneThreadDoes() throws Exception {
        int n = 4, c = 16, side = 10;
        INDArray x = toLast(random(60, n, c, side, side).castTo(DataType.FLOAT));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (int s : new int[] {1, 2}) {
                int f = 16 * s, out = (side - 1) / s + 1;
                INDArray w = random(61, f, c, 3, 3).castTo(DataType.FLOAT);
                INDArray dy = toLast(random(62, n, f, out, out).castTo(DataType.FLOAT));
                INDArray dxAlone = x.ulike(), dwAlone = w.ulike();
                new Conv2d(3, s, 1, 1, true).backward(x, w, dy, dxAlone, false, dwAlone, null);
                List<Future<Boolean>> same = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int stride = s;
                    same.add(threads.submit(() -> {
                        Conv2d mine = new Conv2d(3, stride, 1, 1, true);
                        INDArray dx = x.ulike(), dw = w.ulike();
                        boolean all = true;
                        for (int call = 0; call < 20; call++) {
                            mine.backward(x, w, dy, dx, false, dw, null);
                            all &= Arrays.equals(dx.data().asFloat(), dxAlone.data().asFloat())
                                    && Arrays.equals(dw.data().asFloat(), dwAlone.data().asFloat());
                        }
                        return all;
                    }));
                }
                for (Future<Boolean> f1 : same) {
                    assertTrue(f1.get(), "stride " + s + ": a replica's dx or dw differed from one thread's");
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
