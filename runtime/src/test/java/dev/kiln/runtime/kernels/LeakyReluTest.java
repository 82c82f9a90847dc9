package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.testing.ArrayAsserts.assertClose;
import static dev.kiln.runtime.testing.ArrayAsserts.flat;
import static dev.kiln.runtime.testing.GradientCheck.awayFromZero;
import static dev.kiln.runtime.testing.GradientCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class LeakyReluTest {
    private static final double SLOPE = 0.1;

    @Test
    void forwardAndBackwardMatchPlainLoops() {
        INDArray x = random(1, 2, 3, 4, 5), dy = random(2, 2, 3, 4, 5);
        double[] xs = flat(x), dys = flat(dy), ys = new double[xs.length], dxs = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ys[i] = xs[i] > 0 ? xs[i] : SLOPE * xs[i];
            dxs[i] = xs[i] > 0 ? dys[i] : SLOPE * dys[i];
        }
        INDArray y = Nd4j.create(DataType.DOUBLE, 2, 3, 4, 5), dx = Nd4j.create(DataType.DOUBLE, 2, 3, 4, 5);
        LeakyRelu.forward(SLOPE, x, y);
        LeakyRelu.backward(SLOPE, y, dy, dx, false);
        assertClose(ys, y, 1e-15, "y");
        assertClose(dxs, dx, 1e-15, "dx");
    }

    @Test
    void forwardMatchesNd4jInFloat() {
        INDArray x = random(3, 4, 6).castTo(DataType.FLOAT), y = Nd4j.create(DataType.FLOAT, 4, 6);
        LeakyRelu.forward(SLOPE, x, y);
        assertClose(flat(Transforms.leakyRelu(x, SLOPE, true)), y, 1e-7, "y");
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray x = awayFromZero(4, 2, 3, 3, 3), y = Nd4j.create(DataType.DOUBLE, 2, 3, 3, 3);
        INDArray dy = random(5, 2, 3, 3, 3), dx = Nd4j.create(DataType.DOUBLE, 2, 3, 3, 3);
        LeakyRelu.forward(SLOPE, x, y);
        LeakyRelu.backward(SLOPE, y, dy, dx, false);
        double err = GradientCheck.check("LeakyRelu dx", () -> LeakyRelu.forward(SLOPE, x, y), y, dy, x, dx);
        assertTrue(err < GradientCheck.TOLERANCE, "relative error " + err);
    }

    @Test
    void accumulateAddsAndOverwriteReplaces() {
        INDArray x = random(6, 3, 4), y = Nd4j.create(DataType.DOUBLE, 3, 4), dy = random(7, 3, 4);
        LeakyRelu.forward(SLOPE, x, y);
        INDArray expected = Nd4j.create(DataType.DOUBLE, 3, 4);
        LeakyRelu.backward(SLOPE, y, dy, expected, false);
        INDArray dx = Nd4j.valueArrayOf(new long[] {3, 4}, 0.25, DataType.DOUBLE);
        LeakyRelu.backward(SLOPE, y, dy, dx, true);
        assertClose(flat(expected.add(0.25)), dx, 1e-15, "accumulated dx");
        LeakyRelu.backward(SLOPE, y, dy, dx, false);
        assertClose(flat(expected), dx, 0, "overwritten dx");
    }

    @Test
    void runsInPlace() {
        INDArray x = random(8, 3, 4), dy = random(9, 3, 4);
        INDArray y = Nd4j.create(DataType.DOUBLE, 3, 4), dx = Nd4j.create(DataType.DOUBLE, 3, 4);
        LeakyRelu.forward(SLOPE, x, y);
        LeakyRelu.backward(SLOPE, y, dy, dx, false);
        LeakyRelu.forward(SLOPE, x, x);
        LeakyRelu.backward(SLOPE, x, dy, dy, false);
        assertClose(flat(y), x, 0, "y in place");
        assertClose(flat(dx), dy, 0, "dx in place");
    }

    @Test
    void rejectsANegativeSlope() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeakyRelu.forward(-0.5, random(1, 2, 3), Nd4j.create(DataType.DOUBLE, 2, 3)));
        assertEquals("LeakyRelu.forward: slope must be finite and ≥ 0, but is -0.5", e.getMessage());
    }
}
