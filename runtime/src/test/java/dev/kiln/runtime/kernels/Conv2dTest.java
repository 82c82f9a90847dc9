package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.testing.GradientCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class Conv2dTest {
    private static final int N = 2, C = 3, H = 7, W = 6, F = 4;

    /** The naive reference: y[n,f,i,j] = b[f] + Σ_{c,u,v} w[f,c,u,v] x[n,c,s·i−p+d·u,s·j−p+d·v]; and its backward. */
    private static final class Naive {
        final int k, s, p, d, oh, ow;
        final double[] x, w, b, y;
        final double[] dx, dw, db;

        Naive(int k, int s, int p, int d, INDArray xa, INDArray wa, INDArray ba, INDArray dya) {
            this.k = k;
            this.s = s;
            this.p = p;
            this.d = d;
            oh = (H + 2 * p - d * (k - 1) - 1) / s + 1;
            ow = (W + 2 * p - d * (k - 1) - 1) / s + 1;
            x = flat(xa);
            w = flat(wa);
            b = ba == null ? new double[F] : flat(ba);
            double[] dy = flat(dya);
            y = new double[N * F * oh * ow];
            dx = new double[x.length];
            dw = new double[w.length];
            db = new double[F];
            for (int n = 0; n < N; n++) {
                for (int f = 0; f < F; f++) {
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++) {
                            int yi = ((n * F + f) * oh + i) * ow + j;
                            double sum = b[f];
                            db[f] += dy[yi];
                            for (int c = 0; c < C; c++) {
                                for (int u = 0; u < k; u++) {
                                    for (int v = 0; v < k; v++) {
                                        int h = s * i - p + d * u, l = s * j - p + d * v;
                                        if (h < 0 || h >= H || l < 0 || l >= W) {
                                            continue;
                                        }
                                        int xi = ((n * C + c) * H + h) * W + l, wi = ((f * C + c) * k + u) * k + v;
                                        sum += w[wi] * x[xi];
                                        dx[xi] += w[wi] * dy[yi];
                                        dw[wi] += x[xi] * dy[yi];
                                    }
                                }
                            }
                            y[yi] = sum;
                        }
                    }
                }
            }
        }
    }

    static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    static void assertClose(double[] expected, INDArray actual, double tolerance, String what) {
        double[] a = flat(actual);
        assertEquals(expected.length, a.length, what + " length");
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - a[i]) <= tolerance * scale,
                    what + "[" + i + "]: expected " + expected[i] + " but got " + a[i]);
        }
    }

    @ParameterizedTest(name = "k={0} s={1} p={2} d={3} bias={4}")
    @CsvSource({"3,1,1,1,true", "3,2,1,1,false", "3,1,2,2,true", "3,2,0,2,false", "3,1,0,1,true",
            "1,1,0,1,true", "1,2,0,1,false", "1,2,2,1,true", "3,2,2,1,true"})
    void matchesNaiveForwardAndBackwardInDoubleAndFloat(int k, int s, int p, int d, boolean bias) {
        INDArray x = random(1, N, C, H, W), w = random(2, F, C, k, k), b = bias ? random(3, F) : null;
        Naive ref = new Naive(k, s, p, d, x, w, b, random(4, N, F, (H + 2 * p - d * (k - 1) - 1) / s + 1,
                (W + 2 * p - d * (k - 1) - 1) / s + 1));
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            INDArray xt = x.castTo(type), wt = w.castTo(type), bt = bias ? b.castTo(type) : null;
            INDArray y = Nd4j.create(type, N, F, ref.oh, ref.ow);
            INDArray dy = random(4, N, F, ref.oh, ref.ow).castTo(type);
            INDArray dx = Nd4j.create(type, N, C, H, W), dw = Nd4j.valueArrayOf(new long[] {F, C, k, k}, 7.0, type);
            INDArray db = bias ? Nd4j.valueArrayOf(new long[] {F}, 7.0, type) : null;
            Conv2d conv = new Conv2d(k, s, p, d);
            conv.forward(xt, wt, bt, y);
            assertClose(ref.y, y, tol, type + " y");
            conv.backward(xt, wt, dy, dx, false, dw, db);
            assertClose(ref.dx, dx, tol, type + " dx");
            assertClose(ref.dw, dw, tol, type + " dw");
            if (bias) {
                assertClose(ref.db, db, tol, type + " db");
            }
            // a second call reuses the ops and gives the same answers
            conv.forward(xt, wt, bt, y);
            conv.backward(xt, wt, dy, null, false, dw, db);
            assertClose(ref.y, y, tol, type + " y again");
            assertClose(ref.dw, dw, tol, type + " dw again");
        }
    }

    @ParameterizedTest(name = "k={0} s={1} p={2} d={3}")
    @CsvSource({"3,1,1,1", "3,2,1,2", "1,2,1,1"})
    void gradientsMatchFiniteDifferences(int k, int s, int p, int d) {
        int n = 2, c = 2, h = 6, wd = 5, f = 3;
        int oh = (h + 2 * p - d * (k - 1) - 1) / s + 1, ow = (wd + 2 * p - d * (k - 1) - 1) / s + 1;
        INDArray x = random(11, n, c, h, wd), w = random(12, f, c, k, k), b = random(13, f);
        INDArray y = Nd4j.create(DataType.DOUBLE, n, f, oh, ow), dy = random(14, n, f, oh, ow);
        INDArray dx = Nd4j.create(DataType.DOUBLE, n, c, h, wd), dw = Nd4j.create(DataType.DOUBLE, f, c, k, k);
        INDArray db = Nd4j.create(DataType.DOUBLE, f);
        Conv2d conv = new Conv2d(k, s, p, d);
        Runnable forward = () -> conv.forward(x, w, b, y);
        conv.backward(x, w, dy, dx, false, dw, db);
        String label = "Conv2d k" + k + " s" + s + " p" + p + " d" + d;
        assertTrue(GradientCheck.check(label + " x", forward, y, dy, x, dx) < GradientCheck.TOLERANCE);
        assertTrue(GradientCheck.check(label + " w", forward, y, dy, w, dw) < GradientCheck.TOLERANCE);
        assertTrue(GradientCheck.check(label + " b", forward, y, dy, b, db) < GradientCheck.TOLERANCE);
    }

    @Test
    void accumulateAddsIntoDxAndOtherwiseOverwrites() {
        INDArray x = random(21, N, C, H, W), w = random(22, F, C, 3, 3), dy = random(23, N, F, H, W);
        INDArray dw = Nd4j.create(DataType.DOUBLE, F, C, 3, 3);
        Naive ref = new Naive(3, 1, 1, 1, x, w, null, dy);
        Conv2d conv = new Conv2d(3, 1, 1, 1);
        INDArray dx = Nd4j.valueArrayOf(new long[] {N, C, H, W}, 0.5, DataType.DOUBLE);
        conv.backward(x, w, dy, dx, true, dw, null);
        double[] expected = ref.dx.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] += 0.5;
        }
        assertClose(expected, dx, 1e-12, "accumulated dx");
        conv.backward(x, w, dy, dx, true, dw, null);
        for (int i = 0; i < expected.length; i++) {
            expected[i] += ref.dx[i];
        }
        assertClose(expected, dx, 1e-12, "twice accumulated dx");
        conv.backward(x, w, dy, dx, false, dw, null);
        assertClose(ref.dx, dx, 1e-12, "overwritten dx");
        assertClose(ref.dw, dw, 1e-12, "dw, overwritten each time");
    }

    @Test
    void newArraysRebuildTheOps() {
        Conv2d conv = new Conv2d(3, 1, 1, 1);
        INDArray w = random(32, F, C, 3, 3), b = random(33, F);
        for (int batch : new int[] {2, 1, 2}) {
            INDArray x = random(31 + batch, batch, C, H, W), y = Nd4j.create(DataType.DOUBLE, batch, F, H, W);
            conv.forward(x, w, b, y);
            INDArray xs = x.get(NDArrayIndex.interval(0, 1)).dup();
            INDArray ys = Nd4j.create(DataType.DOUBLE, 1, F, H, W);
            new Conv2d(3, 1, 1, 1).forward(xs, w, b, ys);
            assertClose(flat(ys), y.get(NDArrayIndex.interval(0, 1)), 1e-12, "batch " + batch);
        }
    }

    @Test
    void wrongShapesAreReported() {
        Conv2d conv = new Conv2d(3, 1, 0, 1);
        INDArray x = random(1, 2, 3, 5, 5), w = random(2, 4, 3, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(x, w, null, Nd4j.create(DataType.DOUBLE, 2, 4, 5, 5)));
        assertEquals("Conv2d.forward: y must be [2,4,3,3] for x [2,3,5,5] and w [4,3,3,3], but is [2,4,5,5]", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> conv.forward(x, random(2, 4, 2, 3, 3), null, Nd4j.create(DataType.DOUBLE, 2, 4, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> conv.backward(x, w, random(3, 2, 4, 3, 3),
                Nd4j.create(DataType.DOUBLE, 2, 3, 5, 4), false, Nd4j.create(DataType.DOUBLE, 4, 3, 3, 3), null));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 0, 0, 1));
    }

}
