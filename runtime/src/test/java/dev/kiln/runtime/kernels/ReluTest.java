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

class ReluTest {
    @Test
    void forwardAndBackwardMatchPlainLoops() {
        INDArray x = random(1, 2, 3, 4, 5), dy = random(2, 2, 3, 4, 5);
        double[] xs = flat(x), dys = flat(dy), ys = new double[xs.length], dxs = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ys[i] = xs[i] > 0 ? xs[i] : 0;
            dxs[i] = xs[i] > 0 ? dys[i] : 0;
        }
        INDArray y = Nd4j.create(DataType.DOUBLE, 2, 3, 4, 5), dx = Nd4j.create(DataType.DOUBLE, 2, 3, 4, 5);
        Relu.forward(x, y);
        Relu.backward(y, dy, dx, false);
        assertClose(ys, y, 0, "y");
        assertClose(dxs, dx, 0, "dx");
    }

    @Test
    void forwardMatchesNd4jInFloat() {
        INDArray x = random(3, 4, 6).castTo(DataType.FLOAT), y = Nd4j.create(DataType.FLOAT, 4, 6);
        Relu.forward(x, y);
        assertClose(flat(Transforms.relu(x, true)), y, 1e-7, "y");
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray x = awayFromZero(4, 2, 3, 3, 3), y = Nd4j.create(DataType.DOUBLE, 2, 3, 3, 3);
        INDArray dy = random(5, 2, 3, 3, 3), dx = Nd4j.create(DataType.DOUBLE, 2, 3, 3, 3);
        Relu.forward(x, y);
        Relu.backward(y, dy, dx, false);
        double err = GradientCheck.check("Relu dx", () -> Relu.forward(x, y), y, dy, x, dx);
        assertTrue(err < GradientCheck.TOLERANCE, "relative error " + err);
    }

    @Test
    void accumulateAddsAndOverwriteReplaces() {
        INDArray x = random(6, 3, 4), y = Nd4j.create(DataType.DOUBLE, 3, 4), dy = random(7, 3, 4);
        Relu.forward(x, y);
        INDArray expected = Nd4j.create(DataType.DOUBLE, 3, 4);
        Relu.backward(y, dy, expected, false);
        INDArray dx = Nd4j.valueArrayOf(new long[] {3, 4}, 0.25, DataType.DOUBLE);
        Relu.backward(y, dy, dx, true);
        assertClose(flat(expected.add(0.25)), dx, 1e-15, "accumulated dx");
        Relu.backward(y, dy, dx, false);
        assertClose(flat(expected), dx, 0, "overwritten dx");
    }

    /** backwardOfSum is backward of the summed gradient, in double and in float (both chunk paths), in place or not. */
    @Test
    void backwardOfSumIsTheBackwardOfTheSum() {
        for (long[] shape : new long[][] {{3, 4}, {3, 5, 70, 70}}) {
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                String what = type + " " + java.util.Arrays.toString(shape) + " ";
                INDArray x = random(20, shape).castTo(type), a = random(21, shape).castTo(type), b = random(22, shape).castTo(type);
                INDArray y = x.ulike(), expected = x.ulike(), dx = x.ulike();
                Relu.forward(x, y);
                Relu.backward(y, a.add(b), expected, false);
                Relu.backwardOfSum(y, a, b, dx);
                assertClose(flat(expected), dx, 0, what + "dx");
                INDArray inPlace = a.dup();
                Relu.backwardOfSum(y, inPlace, b, inPlace);
                assertClose(flat(expected), inPlace, 0, what + "dx written over dyA");
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Relu.backwardOfSum(
                random(23, 2, 3), random(24, 2, 3), random(25, 3, 2), random(26, 2, 3)));
        assertEquals("Relu.backwardOfSum: dyB must have the shape of y [2,3], but is [3,2]", e.getMessage());
    }

    @Test
    void runsInPlace() {
        INDArray x = random(8, 3, 4), dy = random(9, 3, 4);
        INDArray y = Nd4j.create(DataType.DOUBLE, 3, 4), dx = Nd4j.create(DataType.DOUBLE, 3, 4);
        Relu.forward(x, y);
        Relu.backward(y, dy, dx, false);
        Relu.forward(x, x);
        Relu.backward(x, dy, dy, false);
        assertClose(flat(y), x, 0, "y in place");
        assertClose(flat(dx), dy, 0, "dx in place");
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Relu.forward(random(1, 2, 3), Nd4j.create(DataType.DOUBLE, 3, 2)));
        assertEquals("Relu.forward: y must have the shape of x [2,3], but is [3,2]", e.getMessage());
    }
}
