package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.testing.GradientCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DenseTest {
    private static final int N = 3, F = 5, U = 4;

    /** Naive y[n,u] = b[u] + Σ_f x[n,f] w[u,f], and dx, dw, db for upstream dy. */
    private static double[][] naive(INDArray xa, INDArray wa, INDArray ba, INDArray dya) {
        double[] x = flat(xa), w = flat(wa), b = ba == null ? new double[U] : flat(ba), dy = flat(dya);
        double[] y = new double[N * U], dx = new double[N * F], dw = new double[U * F], db = new double[U];
        for (int n = 0; n < N; n++) {
            for (int u = 0; u < U; u++) {
                double sum = b[u];
                db[u] += dy[n * U + u];
                for (int f = 0; f < F; f++) {
                    sum += x[n * F + f] * w[u * F + f];
                    dx[n * F + f] += dy[n * U + u] * w[u * F + f];
                    dw[u * F + f] += dy[n * U + u] * x[n * F + f];
                }
                y[n * U + u] = sum;
            }
        }
        return new double[][] {y, dx, dw, db};
    }

    static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    static void assertClose(double[] expected, INDArray actual, double tolerance, String what) {
        double[] a = flat(actual);
        assertEquals(expected.length, a.length, what + " length");
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(expected[i] - a[i]) <= tolerance * Math.max(1, Math.abs(expected[i])),
                    what + "[" + i + "]: expected " + expected[i] + " but got " + a[i]);
        }
    }

    @Test
    void matchesNaiveAndNd4jInDoubleAndFloat() {
        INDArray x = random(1, N, F), w = random(2, U, F), b = random(3, U), dy = random(4, N, U);
        double[][] ref = naive(x, w, b, dy);
        double[][] refNoBias = naive(x, w, null, dy);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            INDArray xt = x.castTo(type), wt = w.castTo(type), bt = b.castTo(type), dyt = dy.castTo(type);
            INDArray y = Nd4j.create(type, N, U), dx = Nd4j.create(type, N, F);
            INDArray dw = Nd4j.valueArrayOf(new long[] {U, F}, 7.0, type), db = Nd4j.valueArrayOf(new long[] {U}, 7.0, type);
            Dense.forward(xt, wt, bt, y);
            assertClose(ref[0], y, tol, type + " y");
            assertClose(flat(xt.mmul(wt.transpose()).addRowVector(bt)), y, tol, type + " y against ND4J mmul");
            Dense.backward(xt, wt, dyt, dx, false, dw, db);
            assertClose(ref[1], dx, tol, type + " dx");
            assertClose(ref[2], dw, tol, type + " dw");
            assertClose(ref[3], db, tol, type + " db");
            Dense.forward(xt, wt, null, y);
            assertClose(refNoBias[0], y, tol, type + " y without bias");
            Dense.backward(xt, wt, dyt, null, false, dw, null);
            assertClose(ref[2], dw, tol, type + " dw without dx and db");
        }
    }

    /** Above {@link Dense#SMALL_PRODUCT} the forward runs through {@code gemm}, below it as loops: both against a naive sum. */
    @Test
    void theLoopAndGemmForwardsBothMatchTheNaiveSum() {
        for (int rows : new int[] {1, 128}) {
            int inputs = 64, units = 10;
            INDArray x = random(21, rows, inputs), w = random(22, units, inputs), b = random(23, units);
            double[] expected = new double[rows * units];
            for (int n = 0; n < rows; n++) {
                for (int u = 0; u < units; u++) {
                    double sum = b.getDouble(u);
                    for (int f = 0; f < inputs; f++) {
                        sum += x.getDouble(n, f) * w.getDouble(u, f);
                    }
                    expected[n * units + u] = sum;
                }
            }
            assertEquals(rows == 1, (long) rows * units * inputs <= Dense.SMALL_PRODUCT, "rows " + rows + " takes the loops");
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                INDArray y = Nd4j.create(type, rows, units);
                Dense.forward(x.castTo(type), w.castTo(type), b.castTo(type), y);
                assertClose(expected, y, type == DataType.DOUBLE ? 1e-12 : 1e-5, type + " y, " + rows + " rows");
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        INDArray x = random(11, N, F), w = random(12, U, F), b = random(13, U), dy = random(14, N, U);
        INDArray y = Nd4j.create(DataType.DOUBLE, N, U), dx = Nd4j.create(DataType.DOUBLE, N, F);
        INDArray dw = Nd4j.create(DataType.DOUBLE, U, F), db = Nd4j.create(DataType.DOUBLE, U);
        Runnable forward = () -> Dense.forward(x, w, b, y);
        Dense.backward(x, w, dy, dx, false, dw, db);
        assertTrue(GradientCheck.check("Dense x", forward, y, dy, x, dx) < GradientCheck.TOLERANCE);
        assertTrue(GradientCheck.check("Dense w", forward, y, dy, w, dw) < GradientCheck.TOLERANCE);
        assertTrue(GradientCheck.check("Dense b", forward, y, dy, b, db) < GradientCheck.TOLERANCE);
    }

    @Test
    void accumulateAddsIntoDxAndOtherwiseOverwrites() {
        INDArray x = random(21, N, F), w = random(22, U, F), dy = random(23, N, U);
        double[] ref = naive(x, w, null, dy)[1];
        INDArray dw = Nd4j.create(DataType.DOUBLE, U, F);
        INDArray dx = Nd4j.valueArrayOf(new long[] {N, F}, 0.5, DataType.DOUBLE);
        Dense.backward(x, w, dy, dx, true, dw, null);
        double[] expected = ref.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] += 0.5;
        }
        assertClose(expected, dx, 1e-12, "accumulated dx");
        dx.assign(Double.NaN);
        Dense.backward(x, w, dy, dx, false, dw, null);
        assertClose(ref, dx, 1e-12, "dx overwritten, even over NaN");
    }

    @Test
    void wrongShapesAreReported() {
        INDArray x = random(1, 2, 5), w = random(2, 4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dense.forward(x, w, null, Nd4j.create(DataType.DOUBLE, 2, 5)));
        assertEquals("Dense.forward: y must be [2,4] for x [2,5] and w [4,5], but is [2,5]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dense.forward(x, random(2, 4, 6), null, Nd4j.create(DataType.DOUBLE, 2, 4)));
        assertThrows(IllegalArgumentException.class, () -> Dense.forward(x, w, random(3, 5), Nd4j.create(DataType.DOUBLE, 2, 4)));
        assertThrows(IllegalArgumentException.class, () -> Dense.backward(x, w, random(3, 2, 4), null, false,
                Nd4j.create(DataType.DOUBLE, 5, 4), null));
    }
}
