package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.kernels.MaxPool2dTest.assertClose;
import static dev.kiln.runtime.kernels.MaxPool2dTest.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.testing.GradientCheck;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DropoutTest {
    /** x + 2 has no zeros, so a zero in y marks a dropped element. */
    private static INDArray input(long seed, long... shape) {
        return GradientCheck.random(seed, shape).addi(2);
    }

    @Test
    void dropsAboutRateAndScalesSurvivorsInFloatAndDouble() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (double rate : new double[] {0.1, 0.5, 0.8}) {
                INDArray x = input(1, 8, 16, 16, 16).castTo(type), y = Nd4j.create(type, 8, 16, 16, 16);
                new Dropout(rate, 42).forward(x, y);
                double[] xs = flat(x), ys = flat(y);
                int dropped = 0;
                for (int i = 0; i < xs.length; i++) {
                    if (ys[i] == 0) {
                        dropped++;
                    } else {
                        assertEquals(xs[i] / (1 - rate), ys[i], 1e-6 * Math.abs(ys[i]), type + " survivor " + i);
                    }
                }
                double fraction = (double) dropped / xs.length;
                // 32768 draws: the standard deviation of the fraction is at most 0.0028
                assertEquals(rate, fraction, 0.015, type + " rate " + rate + ": dropped fraction " + fraction);
            }
        }
    }

    @Test
    void backwardUsesTheForwardMask() {
        INDArray x = input(2, 4, 50), y = Nd4j.create(DataType.DOUBLE, 4, 50);
        INDArray dy = GradientCheck.random(3, 4, 50), dx = Nd4j.valueArrayOf(new long[] {4, 50}, 0.5, DataType.DOUBLE);
        Dropout dropout = new Dropout(0.3, 7);
        dropout.forward(x, y);
        double[] xs = flat(x), ys = flat(y), dys = flat(dy);
        double[] expected = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            expected[i] = ys[i] == 0 ? 0 : dys[i] / 0.7;
        }
        dropout.backward(dy, dx, false);
        assertClose(expected, dx, 1e-12, "overwritten dx");
        dropout.backward(dy, dx, true);
        double[] twice = expected.clone();
        for (int i = 0; i < twice.length; i++) {
            twice[i] *= 2;
        }
        assertClose(twice, dx, 1e-12, "accumulated dx");
        dx.assign(dy);
        dropout.backward(dx, dx, false);
        assertClose(expected, dx, 1e-12, "dx computed in place over dy");
    }

    @Test
    void sameSeedSameMasksAndStateResumes() {
        INDArray x = input(4, 300), a = Nd4j.create(DataType.DOUBLE, 300), b = Nd4j.create(DataType.DOUBLE, 300);
        Dropout first = new Dropout(0.5, 99), second = new Dropout(0.5, 99);
        first.forward(x, a);
        second.forward(x, b);
        assertArrayEquals(flat(a), flat(b));
        long saved = first.state();
        first.forward(x, a);
        assertFalse(Arrays.equals(flat(a), flat(b)), "the next mask differs from the first");
        second.restore(saved);
        second.forward(x, b);
        assertArrayEquals(flat(a), flat(b), "restored state continues the same stream");
        second.reseed(99);
        second.forward(x, b);
        new Dropout(0.5, 99).forward(x, a);
        assertArrayEquals(flat(a), flat(b), "reseed starts over");
        new Dropout(0.5, 100).forward(x, a);
        assertFalse(Arrays.equals(flat(a), flat(b)), "another seed, another mask");
    }

    @Test
    void rateZeroPassesEverythingRateOneNothingAndInferenceIsIdentity() {
        INDArray x = input(5, 3, 7), y = Nd4j.create(DataType.FLOAT, 3, 7);
        INDArray xf = x.castTo(DataType.FLOAT);
        new Dropout(0, 1).forward(xf, y);
        assertArrayEquals(flat(xf), flat(y));
        Dropout dropout = new Dropout(0.5, 1);
        y.assign(0);
        dropout.inference(xf, y);
        assertArrayEquals(flat(xf), flat(y));
        dropout.inference(xf, xf);
        assertArrayEquals(flat(x.castTo(DataType.FLOAT)), flat(xf));
        INDArray inPlace = x.dup();
        new Dropout(0.5, 3).forward(inPlace, inPlace);
        INDArray separate = Nd4j.create(DataType.DOUBLE, 3, 7);
        new Dropout(0.5, 3).forward(x, separate);
        assertArrayEquals(flat(separate), flat(inPlace), "y may be x");
        new Dropout(1, 3).forward(x, separate);
        assertArrayEquals(new double[21], flat(separate), "rate 1 drops everything");
    }

    @Test
    void gradientMatchesFiniteDifferencesWithAFixedMask() {
        INDArray x = input(6, 2, 3, 4), y = Nd4j.create(DataType.DOUBLE, 2, 3, 4);
        INDArray dy = GradientCheck.random(7, 2, 3, 4), dx = Nd4j.create(DataType.DOUBLE, 2, 3, 4);
        Dropout dropout = new Dropout(0.4, 11);
        Runnable forward = () -> {
            dropout.reseed(11);
            dropout.forward(x, y);
        };
        forward.run();
        dropout.backward(dy, dx, false);
        assertTrue(Arrays.stream(flat(dx)).anyMatch(v -> v == 0), "some element is dropped");
        assertTrue(GradientCheck.check("Dropout x", forward, y, dy, x, dx) < GradientCheck.TOLERANCE);
    }

    @Test
    void wrongArgumentsAreReported() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN, 1));
        Dropout dropout = new Dropout(0.5, 1);
        assertThrows(IllegalStateException.class,
                () -> dropout.backward(Nd4j.create(DataType.DOUBLE, 4), Nd4j.create(DataType.DOUBLE, 4), false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dropout.forward(Nd4j.create(DataType.DOUBLE, 2, 3), Nd4j.create(DataType.DOUBLE, 3, 2)));
        assertEquals("Dropout.forward: y must have x's shape [2,3], but is [3,2]", e.getMessage());
    }
}
