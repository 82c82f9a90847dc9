package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.kernels.MaxPool2dTest.assertClose;
import static dev.kiln.runtime.kernels.MaxPool2dTest.distinct;
import static dev.kiln.runtime.kernels.MaxPool2dTest.flat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link GlobalAvgPool} and {@link GlobalMaxPool}. */
class GlobalPoolTest {
    private static final int N = 2, C = 3, H = 4, W = 5;

    /** Naive mean and max of each plane, and the gradients routed back: {yAvg, dxAvg, yMax, dxMax}. */
    static double[][] naive(INDArray xa, INDArray dya) {
        double[] x = flat(xa), dy = flat(dya);
        double[] yAvg = new double[N * C], yMax = new double[N * C], dxAvg = new double[x.length], dxMax = new double[x.length];
        for (int nc = 0; nc < N * C; nc++) {
            int at = nc * H * W;
            for (int i = nc * H * W; i < (nc + 1) * H * W; i++) {
                yAvg[nc] += x[i] / (H * W);
                dxAvg[i] = dy[nc] / (H * W);
                if (x[i] > x[at]) {
                    at = i;
                }
            }
            yMax[nc] = x[at];
            dxMax[at] = dy[nc];
        }
        return new double[][] {yAvg, dxAvg, yMax, dxMax};
    }

    @Test
    void matchNaiveAndNd4jInDoubleAndFloat() {
        INDArray x = distinct(1, N, C, H, W), dy = GradientCheck.random(2, N, C);
        double[][] ref = naive(x, dy);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-6;
            INDArray xt = x.castTo(type), dyt = dy.castTo(type);
            INDArray y = Nd4j.create(type, N, C), dx = Nd4j.valueArrayOf(new long[] {N, C, H, W}, 7.0, type);
            GlobalAvgPool.forward(xt, y);
            assertClose(ref[0], y, tol, type + " average y");
            assertClose(flat(xt.mean(2, 3)), y, 1e-6, type + " average y against ND4J mean");
            GlobalAvgPool.backward(dyt, dx, false);
            assertClose(ref[1], dx, tol, type + " average dx");
            GlobalMaxPool max = new GlobalMaxPool();
            max.forward(xt, y);
            assertClose(ref[2], y, tol, type + " max y");
            assertClose(flat(xt.max(2, 3)), y, 1e-6, type + " max y against ND4J max");
            max.backward(dyt, dx, false);
            assertClose(ref[3], dx, tol, type + " max dx");
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        INDArray x = distinct(11, N, C, H, W), dy = GradientCheck.random(12, N, C);
        INDArray y = Nd4j.create(DataType.DOUBLE, N, C), dx = Nd4j.create(DataType.DOUBLE, N, C, H, W);
        GlobalAvgPool.backward(dy, dx, false);
        assertTrue(GradientCheck.check("GlobalAvgPool x", () -> GlobalAvgPool.forward(x, y), y, dy, x, dx)
                < GradientCheck.TOLERANCE);
        GlobalMaxPool max = new GlobalMaxPool();
        max.forward(x, y);
        max.backward(dy, dx, false);
        assertTrue(GradientCheck.check("GlobalMaxPool x", () -> max.forward(x, y), y, dy, x, dx) < GradientCheck.TOLERANCE);
    }

    @Test
    void accumulateAddsIntoDxAndOtherwiseOverwrites() {
        INDArray x = distinct(21, N, C, H, W), dy = GradientCheck.random(22, N, C);
        double[][] ref = naive(x, dy);
        GlobalMaxPool max = new GlobalMaxPool();
        max.forward(x, Nd4j.create(DataType.DOUBLE, N, C));
        for (int kind = 0; kind < 2; kind++) {
            double[] expected = ref[kind == 0 ? 1 : 3];
            INDArray dx = Nd4j.valueArrayOf(new long[] {N, C, H, W}, 0.5, DataType.DOUBLE);
            Runnable accumulate = kind == 0 ? () -> GlobalAvgPool.backward(dy, dx, true) : () -> max.backward(dy, dx, true);
            Runnable overwrite = kind == 0 ? () -> GlobalAvgPool.backward(dy, dx, false) : () -> max.backward(dy, dx, false);
            accumulate.run();
            double[] added = expected.clone();
            for (int i = 0; i < added.length; i++) {
                added[i] += 0.5;
            }
            assertClose(added, dx, 1e-12, (kind == 0 ? "average" : "max") + " accumulated dx");
            overwrite.run();
            assertClose(expected, dx, 1e-12, (kind == 0 ? "average" : "max") + " overwritten dx");
        }
    }

    @Test
    void wrongShapesAreReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GlobalAvgPool.forward(Nd4j.create(DataType.DOUBLE, 2, 3, 4, 4), Nd4j.create(DataType.DOUBLE, 2, 4)));
        assertEquals("GlobalAvgPool.forward: y must be [2,3] for x [2,3,4,4], but is [2,4]", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GlobalAvgPool.forward(Nd4j.create(DataType.DOUBLE, 2, 3), Nd4j.create(DataType.DOUBLE, 2, 3)));
        GlobalMaxPool max = new GlobalMaxPool();
        assertThrows(IllegalStateException.class,
                () -> max.backward(Nd4j.create(DataType.DOUBLE, 2, 3), Nd4j.create(DataType.DOUBLE, 2, 3, 4, 4), false));
        max.forward(Nd4j.create(DataType.DOUBLE, 2, 3, 4, 4), Nd4j.create(DataType.DOUBLE, 2, 3));
        assertThrows(IllegalArgumentException.class,
                () -> max.backward(Nd4j.create(DataType.DOUBLE, 2, 3), Nd4j.create(DataType.DOUBLE, 2, 3, 4, 5), false));
    }
}
