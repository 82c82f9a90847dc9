package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.kernels.MaxPool2dTest.assertClose;
import static dev.kiln.runtime.kernels.MaxPool2dTest.flat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

class AvgPool2dTest {
    private static final int N = 2, C = 3, H = 7, W = 6;

    /** Naive y = window sums of zero-padded x over k², and dx = dy / k² spread over each window. */
    static double[][] naive(int k, int s, int p, INDArray xa, INDArray dya) {
        int oh = (H + 2 * p - k) / s + 1, ow = (W + 2 * p - k) / s + 1;
        double[] x = flat(xa), dy = flat(dya), y = new double[N * C * oh * ow], dx = new double[x.length];
        for (int nc = 0; nc < N * C; nc++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int o = (nc * oh + i) * ow + j;
                    for (int u = 0; u < k; u++) {
                        for (int v = 0; v < k; v++) {
                            int h = s * i - p + u, l = s * j - p + v;
                            if (h >= 0 && h < H && l >= 0 && l < W) {
                                y[o] += x[(nc * H + h) * W + l] / (k * k);
                                dx[(nc * H + h) * W + l] += dy[o] / (k * k);
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {y, dx};
    }

    @ParameterizedTest(name = "size={0} stride={1} padding={2}")
    @CsvSource({"2,2,0", "3,2,1", "3,1,1", "2,1,1", "3,3,0", "1,2,0"})
    void matchesNaiveAndNd4jInDoubleAndFloat(int k, int s, int p) {
        int oh = (H + 2 * p - k) / s + 1, ow = (W + 2 * p - k) / s + 1;
        INDArray x = GradientCheck.random(1, N, C, H, W), dy = GradientCheck.random(2, N, C, oh, ow);
        double[][] ref = naive(k, s, p, x, dy);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-6;
            INDArray xt = x.castTo(type), dyt = dy.castTo(type);
            INDArray y = Nd4j.create(type, N, C, oh, ow), dx = Nd4j.valueArrayOf(new long[] {N, C, H, W}, 7.0, type);
            AvgPool2d pool = new AvgPool2d(k, s, p);
            pool.forward(xt, y);
            assertClose(ref[0], y, tol, type + " y");
            pool.backward(dyt, dx, false);
            assertClose(ref[1], dx, tol, type + " dx");
            // extraParam0 = 1: divide by kH·kW, padding included
            INDArray expected = Nd4j.create(type, N, C, oh, ow);
            Nd4j.exec(DynamicCustomOp.builder("avgpool2d").addInputs(xt).addOutputs(expected)
                    .addIntegerArguments(k, k, s, s, p, p, 1, 1, 0, 1, 0).build());
            assertClose(flat(expected), y, 1e-6, type + " y against ND4J avgpool2d");
        }
    }

    @ParameterizedTest(name = "size={0} stride={1} padding={2}")
    @CsvSource({"2,2,0", "3,2,1", "2,1,1"})
    void gradientMatchesFiniteDifferences(int k, int s, int p) {
        int oh = (H + 2 * p - k) / s + 1, ow = (W + 2 * p - k) / s + 1;
        INDArray x = GradientCheck.random(11, N, C, H, W), y = Nd4j.create(DataType.DOUBLE, N, C, oh, ow);
        INDArray dy = GradientCheck.random(12, N, C, oh, ow), dx = Nd4j.create(DataType.DOUBLE, N, C, H, W);
        AvgPool2d pool = new AvgPool2d(k, s, p);
        pool.backward(dy, dx, false);
        double error = GradientCheck.check("AvgPool2d size" + k + " s" + s + " p" + p + " x",
                () -> pool.forward(x, y), y, dy, x, dx);
        assertTrue(error < GradientCheck.TOLERANCE);
    }

    @Test
    void accumulateAddsIntoDxAndOtherwiseOverwrites() {
        INDArray dy = GradientCheck.random(22, N, C, 4, 3);
        double[] ref = naive(3, 2, 1, GradientCheck.random(21, N, C, H, W), dy)[1];
        AvgPool2d pool = new AvgPool2d(3, 2, 1);
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
    void wrongShapesAreReported() {
        AvgPool2d pool = new AvgPool2d(2, 2, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.forward(Nd4j.create(DataType.DOUBLE, 2, 3, 5, 5), Nd4j.create(DataType.DOUBLE, 2, 3, 3, 3)));
        assertEquals("AvgPool2d.forward: y must be [2,3,2,2] for x [2,3,5,5], but is [2,3,3,3]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pool.backward(Nd4j.create(DataType.DOUBLE, 2, 3, 2, 2),
                Nd4j.create(DataType.DOUBLE, 2, 3, 6, 7), false));
        assertThrows(IllegalArgumentException.class, () -> pool.forward(Nd4j.create(DataType.DOUBLE, 2, 3, 1, 1),
                Nd4j.create(DataType.DOUBLE, 2, 3, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(3, 1, 2));
    }
}
