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
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class AddTest {
    /** Σ xs, then max(·, 0) when relu, element by element. */
    private static double[] naive(boolean relu, INDArray... xs) {
        double[] y = new double[(int) xs[0].length()];
        for (INDArray x : xs) {
            double[] v = flat(x);
            for (int i = 0; i < y.length; i++) {
                y[i] += v[i];
            }
        }
        for (int i = 0; relu && i < y.length; i++) {
            y[i] = Math.max(y[i], 0);
        }
        return y;
    }

    @ParameterizedTest(name = "relu={0}")
    @ValueSource(booleans = {false, true})
    void forwardMatchesPlainLoopsForTwoAndThreeInputs(boolean relu) {
        INDArray a = random(1, 2, 3, 4, 4), b = random(2, 2, 3, 4, 4), c = random(3, 2, 3, 4, 4);
        INDArray y = Nd4j.create(DataType.DOUBLE, 2, 3, 4, 4);
        Add.forward(a, b, y, relu);
        assertClose(naive(relu, a, b), y, 1e-15, "a + b");
        Add.forward(new INDArray[] {a, b, c}, y, relu);
        assertClose(naive(relu, a, b, c), y, 1e-15, "a + b + c");
        Add.forward(new INDArray[] {a}, y, relu);
        assertClose(naive(relu, a), y, 0, "a alone");
    }

    @Test
    void forwardMatchesNd4jInFloat() {
        INDArray a = random(4, 4, 6).castTo(DataType.FLOAT), b = random(5, 4, 6).castTo(DataType.FLOAT);
        INDArray y = Nd4j.create(DataType.FLOAT, 4, 6);
        Add.forward(a, b, y, false);
        assertClose(flat(a.add(b)), y, 1e-7, "a + b");
        Add.forward(a, b, y, true);
        assertClose(flat(Transforms.relu(a.add(b), false)), y, 1e-7, "relu(a + b)");
    }

    @Test
    void outputMayBeAnInput() {
        INDArray a = random(6, 3, 5), b = random(7, 3, 5), c = random(8, 3, 5);
        double[] two = naive(true, a, b), three = naive(false, a, b, c);
        INDArray a2 = a.dup(), b3 = b.dup();
        Add.forward(a2, b, a2, true);
        assertClose(two, a2, 1e-15, "y = a");
        Add.forward(new INDArray[] {a, b3, c}, b3, false);
        assertClose(three, b3, 1e-15, "y = xs[1]");
    }

    /** The backward of add is {@link Grad#pass} per input, after {@link Relu#backward} when fused. */
    @ParameterizedTest(name = "relu={0}")
    @ValueSource(booleans = {false, true})
    void gradientsMatchFiniteDifferences(boolean relu) {
        // the sums are drawn first, at least 0.1 from the ReLU's kink, and c made to match
        INDArray a = random(9, 2, 3, 3, 3), b = random(10, 2, 3, 3, 3);
        INDArray c = GradientCheck.awayFromZero(11, 2, 3, 3, 3).subi(a).subi(b);
        INDArray[] xs = {a, b, c};
        INDArray y = Nd4j.create(DataType.DOUBLE, 2, 3, 3, 3), dy = random(12, 2, 3, 3, 3);
        INDArray dsum = Nd4j.create(DataType.DOUBLE, 2, 3, 3, 3), dx = Nd4j.create(DataType.DOUBLE, 2, 3, 3, 3);
        Add.forward(xs, y, relu);
        if (relu) {
            Relu.backward(y, dy, dsum, false);
        } else {
            Grad.pass(dy, dsum, false);
        }
        for (int k = 0; k < xs.length; k++) {
            Grad.pass(dsum, dx, false);
            double err = GradientCheck.check("Add" + (relu ? "+ReLU" : "") + " dxs[" + k + "]",
                    () -> Add.forward(xs, y, relu), y, dy, xs[k], dx);
            assertTrue(err < GradientCheck.TOLERANCE, "relative error " + err);
        }
        INDArray a2 = GradientCheck.awayFromZero(13, 2, 3, 3, 3).subi(b);
        INDArray two = Nd4j.create(DataType.DOUBLE, 2, 3, 3, 3);
        Add.forward(a2, b, two, relu);
        if (relu) {
            Relu.backward(two, dy, dx, false);
        } else {
            Grad.pass(dy, dx, false);
        }
        double err = GradientCheck.check("Add" + (relu ? "+ReLU" : "") + " da (two inputs)",
                () -> Add.forward(a2, b, two, relu), two, dy, a2, dx);
        assertTrue(err < GradientCheck.TOLERANCE, "relative error " + err);
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Add.forward(random(1, 2, 3), random(2, 2, 4), Nd4j.create(DataType.DOUBLE, 2, 3), false));
        assertEquals("Add.forward: b must have the shape of a [2,3], but is [2,4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Add.forward(
                new INDArray[] {random(1, 2, 3), random(2, 2, 3), random(3, 3, 2)}, random(4, 2, 3), true));
        assertEquals("Add.forward: xs[2] must have the shape of y [2,3], but is [3,2]", e.getMessage());
    }
}
