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

class GradTest {
    @Test
    void passCopiesOrAddsInDoubleAndFloat() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray dy = random(1, 2, 3, 4).castTo(type), dx = random(2, 2, 3, 4).castTo(type);
            double[] g = flat(dy), before = flat(dx), sum = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                sum[i] = before[i] + g[i];
            }
            Grad.pass(dy, dx, true);
            assertClose(sum, dx, 1e-6, type + " accumulated");
            Grad.pass(dy, dx, false);
            assertClose(g, dx, 0, type + " overwritten");
        }
    }

    @Test
    void passOntoItselfIsANoOpUnlessAccumulating() {
        INDArray d = random(3, 5);
        double[] before = flat(d);
        Grad.pass(d, d, false);
        assertClose(before, d, 0, "d");
        Grad.pass(d, d, true);
        assertClose(flat(Nd4j.createFromArray(before).mul(2)), d, 1e-15, "2d");
    }

    /** The identity y = x, whose backward is Grad.pass. */
    @Test
    void gradientOfTheIdentityMatchesFiniteDifferences() {
        INDArray x = random(4, 2, 3, 2), y = Nd4j.create(DataType.DOUBLE, 2, 3, 2), dy = random(5, 2, 3, 2);
        INDArray dx = Nd4j.create(DataType.DOUBLE, 2, 3, 2);
        Grad.pass(dy, dx, false);
        double err = GradientCheck.check("Grad.pass (identity) dx", () -> Grad.pass(x, y, false), y, dy, x, dx);
        assertTrue(err < GradientCheck.TOLERANCE, "relative error " + err);
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Grad.pass(random(1, 4, 2), Nd4j.create(DataType.DOUBLE, 8), true));
        assertEquals("Grad.pass: dx must have the shape of dy [4,2], but is [8]", e.getMessage());
    }
}
