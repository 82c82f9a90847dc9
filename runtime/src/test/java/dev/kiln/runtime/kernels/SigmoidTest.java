package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.testing.ArrayAsserts.assertClose;
import static dev.kiln.runtime.testing.ArrayAsserts.flat;
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

class SigmoidTest {
    @Test
    void forwardAndBackwardMatchPlainLoops() {
        INDArray x = random(1, 2, 3, 4, 5).muli(3), dy = random(2, 2, 3, 4, 5);
        double[] xs = flat(x), dys = flat(dy), ys = new double[xs.length], dxs = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ys[i] = 1 / (1 + Math.exp(-xs[i]));
            dxs[i] = dys[i] * ys[i] * (1 - ys[i]);
        }
        INDArray y = Nd4j.create(DataType.DOUBLE, 2, 3, 4, 5), dx = Nd4j.create(DataType.DOUBLE, 2, 3, 4, 5);
        Sigmoid.forward(x, y);
        Sigmoid.backward(y, dy, dx, false);
        assertClose(ys, y, 1e-15, "y");
        assertClose(dxs, dx, 1e-15, "dx");
    }

    @Test
    void forwardMatchesNd4jInFloat() {
        INDArray x = random(3, 4, 6).muli(3).castTo(DataType.FLOAT), y = Nd4j.create(DataType.FLOAT, 4, 6);
        Sigmoid.forward(x, y);
        assertClose(flat(Transforms.sigmoid(x, true)), y, 1e-6, "y");
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray x = random(4, 2, 3, 3, 3).muli(2), y = Nd4j.create(DataType.DOUBLE, 2, 3, 3, 3);
        INDArray dy = random(5, 2, 3, 3, 3), dx = Nd4j.create(DataType.DOUBLE, 2, 3, 3, 3);
        Sigmoid.forward(x, y);
        Sigmoid.backward(y, dy, dx, false);
        double err = GradientCheck.check("Sigmoid dx", () -> Sigmoid.forward(x, y), y, dy, x, dx);
        assertTrue(err < GradientCheck.TOLERANCE, "relative error " + err);
    }

    @Test
    void accumulateAddsAndOverwriteReplaces() {
        INDArray x = random(6, 3, 4), y = Nd4j.create(DataType.DOUBLE, 3, 4), dy = random(7, 3, 4);
        Sigmoid.forward(x, y);
        INDArray expected = Nd4j.create(DataType.DOUBLE, 3, 4);
        Sigmoid.backward(y, dy, expected, false);
        INDArray dx = Nd4j.valueArrayOf(new long[] {3, 4}, 0.25, DataType.DOUBLE);
        Sigmoid.backward(y, dy, dx, true);
        assertClose(flat(expected.add(0.25)), dx, 1e-15, "accumulated dx");
        Sigmoid.backward(y, dy, dx, false);
        assertClose(flat(expected), dx, 0, "overwritten dx");
    }

    @Test
    void runsInPlace() {
        INDArray x = random(8, 3, 4), dy = random(9, 3, 4);
        INDArray y = Nd4j.create(DataType.DOUBLE, 3, 4), dx = Nd4j.create(DataType.DOUBLE, 3, 4);
        Sigmoid.forward(x, y);
        Sigmoid.backward(y, dy, dx, false);
        Sigmoid.forward(x, x);
        Sigmoid.backward(x, dy, dy, false);
        assertClose(flat(y), x, 0, "y in place");
        assertClose(flat(dx), dy, 0, "dx in place");
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sigmoid.backward(random(1, 2, 3), random(2, 2, 3), Nd4j.create(DataType.DOUBLE, 6), false));
        assertEquals("Sigmoid.backward: dx must have the shape of y [2,3], but is [6]", e.getMessage());
    }

    @Test
    void saturatesWithoutOverflow() {
        INDArray x = Nd4j.createFromArray(-1000.0, -40.0, 0.0, 40.0, 1000.0), y = Nd4j.create(DataType.DOUBLE, 5);
        Sigmoid.forward(x, y);
        assertClose(new double[] {0, 1 / (1 + Math.exp(40)), 0.5, 1 / (1 + Math.exp(-40)), 1}, y, 1e-15, "y");
    }
}
