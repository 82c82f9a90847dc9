package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.testing.ArrayAsserts.assertClose;
import static dev.kiln.runtime.testing.ArrayAsserts.flat;
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

class ZeroPadShortcutTest {
    private static final int N = 2, C = 3;

    private static long out(long size, int stride) {
        return (size + stride - 1) / stride;
    }

    /** y[n,c,i,j] = x[n,c,s·i,s·j] for c < C, else 0; dx the transpose of that map applied to dy. */
    private static double[][] naive(INDArray x, INDArray dy, int s, int cy) {
        int h = (int) x.size(2), w = (int) x.size(3), ho = (int) out(h, s), wo = (int) out(w, s);
        double[] xs = flat(x), g = flat(dy), y = new double[N * cy * ho * wo], dx = new double[xs.length];
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        int xi = ((n * C + c) * h + s * i) * w + s * j, yi = ((n * cy + c) * ho + i) * wo + j;
                        y[yi] = xs[xi];
                        dx[xi] += g[yi];
                    }
                }
            }
        }
        return new double[][] {y, dx};
    }

    @ParameterizedTest(name = "stride={0} H={1} W={2} C'={3}")
    @CsvSource({"1,4,4,3", "2,4,4,6", "2,5,3,6", "3,7,5,4", "2,1,1,3"})
    void forwardAndBackwardMatchPlainLoopsInDoubleAndFloat(int stride, int h, int w, int cy) {
        long ho = out(h, stride), wo = out(w, stride);
        INDArray x = random(1, N, C, h, w), dy = random(2, N, cy, ho, wo);
        double[][] ref = naive(x, dy, stride, cy);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray y = Nd4j.valueArrayOf(new long[] {N, cy, ho, wo}, 9.0, type);
            INDArray dx = Nd4j.valueArrayOf(new long[] {N, C, h, w}, 9.0, type);
            ZeroPadShortcut.forward(x.castTo(type), stride, y);
            ZeroPadShortcut.backward(dy.castTo(type), stride, dx, false);
            assertClose(ref[0], y, 1e-7, type + " y");
            assertClose(ref[1], dx, 1e-7, type + " dx");
            ZeroPadShortcut.backward(dy.castTo(type), stride, dx, true);
            assertClose(flat(Nd4j.createFromArray(ref[1]).mul(2)), dx, 1e-7, type + " accumulated dx");
        }
    }

    /** ND4J has no such op; compose it from a strided view and zeros. */
    @Test
    void forwardMatchesNd4jStridedViewPaddedWithZeros() {
        INDArray x = random(3, N, C, 5, 6).castTo(DataType.FLOAT), y = Nd4j.create(DataType.FLOAT, N, 2 * C, 3, 3);
        ZeroPadShortcut.forward(x, 2, y);
        INDArray sub = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 5),
                NDArrayIndex.interval(0, 2, 6));
        INDArray expected = Nd4j.concat(1, sub.dup('c'), Nd4j.zeros(DataType.FLOAT, N, C, 3, 3));
        assertClose(flat(expected), y, 0, "y");
    }

    @ParameterizedTest(name = "stride={0}")
    @CsvSource({"1", "2"})
    void gradientMatchesFiniteDifferences(int stride) {
        INDArray x = random(4, N, C, 5, 4), y = Nd4j.create(DataType.DOUBLE, N, 2 * C, out(5, stride), out(4, stride));
        INDArray dy = random(5, y.shape()), dx = Nd4j.create(DataType.DOUBLE, N, C, 5, 4);
        ZeroPadShortcut.backward(dy, stride, dx, false);
        double err = GradientCheck.check("ZeroPadShortcut stride " + stride + " dx",
                () -> ZeroPadShortcut.forward(x, stride, y), y, dy, x, dx);
        assertTrue(err < GradientCheck.TOLERANCE, "relative error " + err);
    }

    @Test
    void rejectsWrongShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZeroPadShortcut.forward(random(1, N, C, 5, 5), 2, Nd4j.create(DataType.DOUBLE, N, 6, 2, 2)));
        assertEquals("ZeroPadShortcut.forward: y must be [2,≥3,3,3] for x [2,3,5,5] and stride 2, but is [2,6,2,2]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ZeroPadShortcut.forward(random(1, N, C, 4, 4), 0, random(2, N, C, 4, 4)));
        assertEquals("ZeroPadShortcut.forward: stride must be ≥ 1, but is 0", e.getMessage());
    }
}
