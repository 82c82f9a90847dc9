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

/**
 * {@link GlobalAvgPoolChannelsLast} gives what {@link GlobalAvgPool} (checked against plain loops
 * in {@link GlobalPoolTest}) gives on the same values in NCHW, forward and backward, and its
 * gradient matches finite differences.
 */
class GlobalAvgPoolChannelsLastTest {
    private static final int N = 2, C = 3, H = 4, W = 5;

    @Test
    void agreesWithNchwOnTheSameValues() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.FLOAT ? 1e-6 : 1e-14;
            INDArray x = random(1, N, C, H, W).castTo(type), dy = random(2, N, C).castTo(type);
            INDArray start = random(3, N, C, H, W).castTo(type);
            INDArray y = Nd4j.create(type, N, C), yLast = Nd4j.create(type, N, C);
            GlobalAvgPool.forward(x, y);
            GlobalAvgPoolChannelsLast.forward(x.permute(0, 2, 3, 1).dup('c'), yLast);
            assertClose(flat(y), yLast, tol, type + " y");
            for (boolean accumulate : new boolean[] {false, true}) {
                INDArray dx = start.dup(), dxLast = start.permute(0, 2, 3, 1).dup('c');
                GlobalAvgPool.backward(dy, dx, accumulate);
                GlobalAvgPoolChannelsLast.backward(dy, dxLast, accumulate);
                assertClose(flat(dx), dxLast.permute(0, 3, 1, 2).dup('c'), tol, type + " dx, accumulate " + accumulate);
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray x = random(4, N, H, W, C), dy = random(5, N, C);
        INDArray y = Nd4j.create(DataType.DOUBLE, N, C), dx = Nd4j.create(DataType.DOUBLE, N, H, W, C);
        GlobalAvgPoolChannelsLast.backward(dy, dx, false);
        double error = GradientCheck.check("GlobalAvgPoolChannelsLast x", () -> GlobalAvgPoolChannelsLast.forward(x, y),
                y, dy, x, dx);
        assertTrue(error < GradientCheck.TOLERANCE, "relative error " + error);
    }

    @Test
    void wrongShapesAreReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GlobalAvgPoolChannelsLast.forward(random(6, N, H, W, C), Nd4j.create(DataType.DOUBLE, N, H)));
        assertEquals("GlobalAvgPoolChannelsLast.forward: y must be [2,3] for x [2,4,5,3], but is [2,4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GlobalAvgPoolChannelsLast.backward(random(7, N, C), Nd4j.create(DataType.DOUBLE, N, C), false));
        assertEquals("GlobalAvgPoolChannelsLast.backward: dx must be [N,H,W,C] with H and W at least 1, but is [2,3]",
                e.getMessage());
    }
}
