package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.testing.ArrayAsserts.assertClose;
import static dev.kiln.runtime.testing.ArrayAsserts.flat;
import static dev.kiln.runtime.testing.GradientCheck.random;
import static dev.kiln.runtime.testing.Layouts.toFirst;
import static dev.kiln.runtime.testing.Layouts.toLast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The channels-last convolution ([N,H,W,C] tensors, the same [F,C,k,k] weights) gives what the
 * NCHW one gives on the same values, forward and backward, accumulating or not: the NCHW kernel
 * is checked against a naive reference and finite differences in {@link Conv2dTest}.
 */
class Conv2dChannelsLastTest {
    @ParameterizedTest
    @CsvSource({"3, 1, 1, 1, DOUBLE", "3, 2, 1, 1, DOUBLE", "1, 2, 0, 1, DOUBLE", "3, 1, 2, 2, DOUBLE",
            "3, 1, 1, 1, FLOAT", "3, 2, 1, 1, FLOAT", "1, 1, 0, 1, FLOAT"})
    void agreesWithNchwOnTheSameValues(int k, int s, int p, int d, DataType type) {
        int n = 2;
        int c = 3;
        int f = 4;
        int side = 7;
        INDArray x = random(1, n, c, side, side).castTo(type);
        INDArray w = random(2, f, c, k, k).castTo(type);
        INDArray b = random(3, f).castTo(type);
        Conv2d first = new Conv2d(k, s, p, d);
        Conv2d last = new Conv2d(k, s, p, d, true);
        int out = (side + 2 * p - d * (k - 1) - 1) / s + 1;
        INDArray y = Nd4j.create(type, n, f, out, out);
        INDArray yLast = Nd4j.create(type, n, out, out, f);
        first.forward(x, w, b, y);
        last.forward(toLast(x), w, b, yLast);
        double tol = type == DataType.FLOAT ? 1e-5 : 1e-12;
        assertClose(flat(y), toFirst(yLast), tol, "y");

        INDArray dy = random(4, n, f, out, out).castTo(type);
        INDArray start = random(5, n, c, side, side).castTo(type);
        INDArray dx = start.dup();
        INDArray dw = w.ulike();
        INDArray db = b.ulike();
        first.backward(x, w, dy, dx, true, dw, db);
        INDArray dxLast = toLast(start);
        INDArray dwLast = w.ulike();
        INDArray dbLast = b.ulike();
        INDArray xLast = toLast(x);
        last.backward(xLast, w, toLast(dy), dxLast, true, dwLast, dbLast);
        assertClose(flat(dx), toFirst(dxLast), tol, "dx accumulated");
        assertClose(flat(dw), dwLast, tol, "dw");
        assertClose(flat(db), dbLast, tol, "db");
        last.backward(xLast, w, toLast(dy), dxLast, false, dwLast, dbLast);
        first.backward(x, w, dy, dx, false, dw, db);
        assertClose(flat(dx), toFirst(dxLast), tol, "dx overwritten");
    }

    /**
     * A one-channel stem whose dx and db nobody wants takes the weight-gradient-only path
     * (im2col and a matrix product); its dw is the NCHW kernel's, over strides, paddings,
     * dilations and kernel sizes, twice in a row (the second reusing the prepared product), and
     * after a new batch size.
     */
    @ParameterizedTest
    @CsvSource({"3, 1, 1, 1", "3, 2, 1, 1", "5, 1, 2, 1", "3, 1, 0, 2", "1, 2, 0, 1", "3, 2, 0, 1"})
    void stemWeightGradientAloneAgreesWithNchw(int k, int s, int p, int d) {
        for (int n : new int[] {3, 3, 5}) {
            int f = 6;
            int side = 9;
            INDArray x = random(10 + n, n, 1, side, side).castTo(DataType.FLOAT);
            INDArray w = random(11, f, 1, k, k).castTo(DataType.FLOAT);
            int out = (side + 2 * p - d * (k - 1) - 1) / s + 1;
            INDArray dy = random(12 + n, n, f, out, out).castTo(DataType.FLOAT);
            INDArray dw = w.ulike();
            new Conv2d(k, s, p, d).backward(x, w, dy, null, false, dw, null);
            INDArray dwLast = Nd4j.valueArrayOf(w.shape(), 7f, DataType.FLOAT);
            STEM.computeIfAbsent(k + "," + s + "," + p + "," + d, key -> new Conv2d(k, s, p, d, true))
                    .backward(toLast(x), w, toLast(dy), null, false, dwLast, null);
            assertClose(flat(dw), dwLast, 1e-5, "dw, batch " + n);
        }
    }

    private static final java.util.Map<String, Conv2d> STEM = new java.util.HashMap<>();

    /**
     * A float 1×1 convolution without padding or bias takes the matrix-product path: dw and dx,
     * overwritten, accumulated or not wanted, are the NCHW kernel's, at strides 1, 2 and 3 on a
     * side the stride does not divide; twice with one instance (the second on prepared products).
     */
    @ParameterizedTest
    @CsvSource({"1", "2", "3"})
    void pointwiseBackwardAgreesWithNchw(int s) {
        int n = 3, c = 5, f = 4, side = 7, out = (side - 1) / s + 1;
        Conv2d first = new Conv2d(1, s, 0, 1);
        Conv2d last = new Conv2d(1, s, 0, 1, true);
        for (int round = 0; round < 2; round++) {
            INDArray x = random(30 + round, n, c, side, side).castTo(DataType.FLOAT);
            INDArray w = random(32, f, c, 1, 1).castTo(DataType.FLOAT);
            INDArray dy = random(33 + round, n, f, out, out).castTo(DataType.FLOAT);
            INDArray start = random(35, n, c, side, side).castTo(DataType.FLOAT);
            INDArray xLast = toLast(x), dyLast = toLast(dy);
            for (boolean accumulate : new boolean[] {false, true}) {
                INDArray dx = start.dup(), dw = w.ulike(), dwLast = w.ulike(), dxLast = toLast(start);
                first.backward(x, w, dy, dx, accumulate, dw, null);
                last.backward(xLast, w, dyLast, dxLast, accumulate, dwLast, null);
                String what = "stride " + s + ", round " + round + (accumulate ? ", accumulating " : " ");
                assertClose(flat(dx), toFirst(dxLast), 1e-5, what + "dx");
                assertClose(flat(dw), dwLast, 1e-5, what + "dw");
            }
            INDArray dw = w.ulike(), dwLast = w.ulike();
            first.backward(x, w, dy, null, false, dw, null);
            last.backward(xLast, w, dyLast, null, false, dwLast, null);
            assertClose(flat(dw), dwLast, 1e-5, "stride " + s + ", dx not wanted: dw");
        }
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void namesTheLayoutItExpects(boolean channelsLast) {
        INDArray x = Nd4j.create(DataType.FLOAT, 2, 5, 5, 3);
        INDArray w = Nd4j.create(DataType.FLOAT, 4, 3, 3, 3);
        Conv2d conv = new Conv2d(3, 1, 1, 1, channelsLast);
        if (channelsLast) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> conv.forward(x, w, null, Nd4j.create(DataType.FLOAT, 2, 4, 5, 5)));
            assertEquals("Conv2d.forward: y must be [2,5,5,4] for x [2,5,5,3] and w [4,3,3,3], but is [2,4,5,5]", e.getMessage());
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> conv.forward(x, w, null, Nd4j.create(DataType.FLOAT, 2, 5, 5, 4)));
            assertEquals("Conv2d.forward: x must be [N,C,H,W] and w [F,C,3,3], but x is [2,5,5,3] and w [4,3,3,3]", e.getMessage());
        }
    }
}
