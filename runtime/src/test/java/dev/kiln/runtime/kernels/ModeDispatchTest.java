package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.testing.GradientCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code forward(training, …)} calls generated code makes run exactly the training or the
 * inference kernel they stand for: same outputs, same running statistics, same dropout stream.
 */
class ModeDispatchTest {
    private static INDArray floats(long seed, long... shape) {
        return random(seed, shape).castTo(DataType.FLOAT);
    }

    @Test
    void batchNormForwardOfEitherModeIsTheNamedKernel() {
        for (boolean training : new boolean[] {true, false}) {
            for (int form = 0; form < 3; form++) {
                INDArray x = floats(11, 3, 2, 4, 5);
                INDArray shortcut = floats(12, 3, 2, 4, 5);
                INDArray gamma = floats(13, 2), beta = floats(14, 2);
                INDArray[] stats = {floats(15, 2), floats(16, 2).add(2)};
                INDArray[] statsRef = {stats[0].dup(), stats[1].dup()};
                INDArray y = Nd4j.zeros(DataType.FLOAT, 3, 2, 4, 5), yRef = y.dup();
                BatchNorm dispatched = new BatchNorm(0.1, 1e-5), named = new BatchNorm(0.1, 1e-5);
                switch (form) {
                    case 0 -> dispatched.forward(training, x, gamma, beta, stats[0], stats[1], y);
                    case 1 -> dispatched.forward(training, x, gamma, beta, stats[0], stats[1], y, true);
                    default -> dispatched.forward(training, x, gamma, beta, stats[0], stats[1], shortcut, y, true);
                }
                INDArray sc = form == 2 ? shortcut : null;
                boolean relu = form > 0;
                if (training) {
                    named.forwardTrain(x, gamma, beta, statsRef[0], statsRef[1], sc, yRef, relu);
                } else {
                    named.forwardInference(x, gamma, beta, statsRef[0], statsRef[1], sc, yRef, relu);
                }
                String what = (training ? "training" : "inference") + " form " + form;
                assertEquals(yRef, y, what);
                assertEquals(statsRef[0], stats[0], what + ": running mean");
                assertEquals(statsRef[1], stats[1], what + ": running variance");
            }
        }
    }

    @Test
    void dropoutForwardOfEitherModeIsTheNamedKernel() {
        INDArray x = floats(21, 4, 50);
        Dropout dispatched = new Dropout(0.5, 7), named = new Dropout(0.5, 7);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 50), yRef = y.dup();
        dispatched.forward(true, x, y);
        named.forward(x, yRef);
        assertEquals(yRef, y, "training");
        assertNotEquals(x, y, "training drops some inputs");
        assertEquals(named.state(), dispatched.state(), "the same stream advanced");
        dispatched.forward(false, x, y);
        assertEquals(x, y, "inference passes x through");
        assertEquals(named.state(), dispatched.state(), "inference draws nothing");
    }
}
