package dev.kiln.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.testing.GradientCheck;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

class MaxPool2dTest {
    private static final int N = 2, C = 3, H = 7, W = 6;

    /**
     * Distinct values 0.01 apart in random order: no ties, and a perturbation of 1e-6 never
     * changes which element is a window's maximum, so finite differences see no kink.
     */
    static INDArray distinct(long seed, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        int n = (int) a.length();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < n; i++) {
            a.putScalar(i, (order[i] - n / 2) * 0.01);
        }
        return a;
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

    /** Naive y = window maxima (padding is −∞) and dx = dy routed to each maximum. */
    static double[][] naive(int k, int s, int p, INDArray xa, INDArray dya) {
        int oh = (H + 2 * p - k) / s + 1, ow = (W + 2 * p - k) / s + 1;
        double[] x = flat(xa), dy = flat(dya), y = new double[N * C * oh * ow], dx = new double[x.length];
        for (int nc = 0; nc < N * C; nc++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double max = Double.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int u = 0; u < k; u++) {
                        for (int v = 0; v < k; v++) {
                            int h = s * i - p + u, l = s * j - p + v;
                            double value = h < 0 || h >= H || l < 0 || l >= W ? Double.NEGATIVE_INFINITY : x[(nc * H + h) * W + l];
                            if (value > max) {
                                max = value;
                                at = (nc * H + h) * W + l;
                            }
                        }
                    }
                    int o = (nc * oh + i) * ow + j;
                    y[o] = max;
                    dx[at] += dy[o];
                }
            }
        }
        return new double[][] {y, dx};
    }

    @ParameterizedTest(name = "size={0} stride={1} padding={2}")
    @CsvSource({"2,2,0", "3,2,1", "3,1,1", "2,1,1", "3,3,0", "1,2,0"})
    void matchesNaiveAndNd4jInDoubleAndFloat(int k, int s, int p) {
        int oh = (H + 2 * p - k) / s + 1, ow = (W + 2 * p - k) / s + 1;
        INDArray x = distinct(1, N, C, H, W), dy = GradientCheck.random(2, N, C, oh, ow);
        double[][] ref = naive(k, s, p, x, dy);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray xt = x.castTo(type), dyt = dy.castTo(type);
            INDArray y = Nd4j.create(type, N, C, oh, ow), dx = Nd4j.valueArrayOf(new long[] {N, C, H, W}, 7.0, type);
            MaxPool2d pool = new MaxPool2d(k, s, p);
            pool.forward(xt, y);
            assertClose(ref[0], y, 1e-6, type + " y");
            pool.backward(dyt, dx, false);
            assertClose(ref[1], dx, 1e-6, type + " dx");
            INDArray expected = Nd4j.create(type, N, C, oh, ow);
            Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(xt).addOutputs(expected)
                    .addIntegerArguments(k, k, s, s, p, p, 1, 1, 0, 0, 0).build());
            assertClose(flat(expected), y, 1e-6, type + " y against ND4J maxpool2d");
        }
    }

    @ParameterizedTest(name = "size={0} stride={1} padding={2}")
    @CsvSource({"2,2,0", "3,2,1", "2,1,1"})
    void gradientMatchesFiniteDifferences(int k, int s, int p) {
        int oh = (H + 2 * p - k) / s + 1, ow = (W + 2 * p - k) / s + 1;
        INDArray x = distinct(11, N, C, H, W), y = Nd4j.create(DataType.DOUBLE, N, C, oh, ow);
        INDArray dy = GradientCheck.random(12, N, C, oh, ow), dx = Nd4j.create(DataType.DOUBLE, N, C, H, W);
        MaxPool2d pool = new MaxPool2d(k, s, p);
        pool.forward(x, y);
        pool.backward(dy, dx, false);
        double error = GradientCheck.check("MaxPool2d size" + k + " s" + s + " p" + p + " x",
                () -> pool.forward(x, y), y, dy, x, dx);
        assertTrue(error < GradientCheck.TOLERANCE);
    }

    @Test
    void accumulateAddsIntoDxAndOtherwiseOverwrites() {
        INDArray x = distinct(21, N, C, H, W), dy = GradientCheck.random(22, N, C, 6, 5);
        double[] ref = naive(2, 1, 0, x, dy)[1];
        MaxPool2d pool = new MaxPool2d(2, 1, 0);
        pool.forward(x, Nd4j.create(DataType.DOUBLE, N, C, 6, 5));
        INDArray dx = Nd4j.valueArrayOf(new long[] {N, C, H, W}, 0.5, DataType.DOUBLE);
        pool.backward(dy, dx, true);
        double[] expected = ref.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] += 0.5;
        }
        assertClose(expected, dx, 1e-12, "accumulated dx");
        pool.backward(dy, dx, false);
        assertClose(ref, dx, 1e-12, "overwritten dx");
    }

    @Test
    void wrongShapesAndOrderAreReported() {
        MaxPool2d pool = new MaxPool2d(2, 2, 0);
        assertThrows(IllegalStateException.class, () -> pool.backward(Nd4j.create(DataType.DOUBLE, 1, 1, 2, 2),
                Nd4j.create(DataType.DOUBLE, 1, 1, 4, 4), false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.forward(Nd4j.create(DataType.DOUBLE, 2, 3, 5, 5), Nd4j.create(DataType.DOUBLE, 2, 3, 3, 3)));
        assertEquals("MaxPool2d.forward: y must be [2,3,2,2] for x [2,3,5,5], but is [2,3,3,3]", e.getMessage());
        pool.forward(Nd4j.create(DataType.DOUBLE, 2, 3, 5, 5), Nd4j.create(DataType.DOUBLE, 2, 3, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> pool.backward(Nd4j.create(DataType.DOUBLE, 2, 3, 2, 2),
                Nd4j.create(DataType.DOUBLE, 2, 3, 4, 4), false));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 2, 2));
    }
}
