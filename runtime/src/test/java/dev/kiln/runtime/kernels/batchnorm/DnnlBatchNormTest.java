package dev.kiln.runtime.kernels.batchnorm;

import static dev.kiln.runtime.testing.GradientCheck.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.runtime.kernels.BatchNorm;
import dev.kiln.runtime.kernels.onednn.Dnnl;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch norm's training calls on oneDNN's primitive give what the Java loops give (themselves
 * checked against double sums, the chain rule and finite differences in {@code BatchNormTest}),
 * with and without the ReLU, on channel counts below, at and off oneDNN's vector width; the input
 * gradient matches finite differences of the float32 forward; the calls oneDNN does not take
 * (accumulating, dx in dy's buffer, a forward with a shortcut) fall back to the loops and still
 * agree; and a call repeats to the bit.
 */
class DnnlBatchNormTest {
    private static final double MOMENTUM = 0.1, EPS = 1e-5;

    @BeforeEach
    void needsOneDnn() {
        assumeTrue(Dnnl.available(), () -> "oneDNN does not load here: " + Dnnl.unavailable().orElse(""));
    }

    @AfterEach
    void backOn() {
        BatchNormEngine.setOnednn(true);
    }

    /** y, running mean and variance, dx, dgamma and dbeta of one forward and backward. */
    private static INDArray[] trainOnce(boolean onednn, long[] shape, boolean relu, BatchNormEngine expected) {
        BatchNormEngine.setOnednn(onednn);
        int c = (int) shape[3];
        INDArray x = random(1, shape).muli(2).addi(0.5).castTo(DataType.FLOAT), dy = random(2, shape).castTo(DataType.FLOAT);
        INDArray g = random(3, c).addi(1.5).castTo(DataType.FLOAT), b = random(4, c).castTo(DataType.FLOAT);
        INDArray y = x.ulike(), dx = x.ulike(), dg = g.ulike(), db = g.ulike();
        INDArray rm = random(5, c).castTo(DataType.FLOAT), rv = random(6, c).addi(1.5).castTo(DataType.FLOAT);
        BatchNorm bn = new BatchNorm(MOMENTUM, EPS, true);
        assertEquals(expected, bn.forwardEngineFor(x, null, y), "forward engine");
        bn.forwardTrain(x, g, b, rm, rv, y, relu);
        assertEquals(expected, bn.backwardEngineFor(x, relu ? y : null, dy, dx), "backward engine");
        bn.backward(x, g, relu ? y : null, dy, dx, false, dg, db);
        return new INDArray[] {y, rm, rv, dx, dg, db};
    }

    private static void assertAgree(INDArray[] loops, INDArray[] onednn, double tol, String what) {
        String[] names = {"y", "running mean", "running variance", "dx", "dgamma", "dbeta"};
        for (int i = 0; i < names.length; i++) {
            double scale = Math.max(1, loops[i].amaxNumber().doubleValue());
            double worst = loops[i].sub(onednn[i]).amaxNumber().doubleValue() / scale;
            assertTrue(worst <= tol, what + names[i] + ": the engines differ by " + worst + " of its largest value");
        }
    }

    @ParameterizedTest
    @CsvSource({"4, 6, 5, 8", "16, 12, 12, 24", "8, 7, 7, 64", "2, 3, 3, 16", "3, 5, 5, 3"})
    void agreesWithTheJavaLoops(int n, int h, int w, int c) {
        long[] shape = {n, h, w, c};
        for (boolean relu : new boolean[] {false, true}) {
            String what = Arrays.toString(shape) + (relu ? " with ReLU: " : ": ");
            assertAgree(trainOnce(false, shape, relu, BatchNormEngine.ROWS_FLOAT), trainOnce(true, shape, relu, BatchNormEngine.ONEDNN),
                    2e-5, what);
        }
    }

    /** dx against central differences of Σ r·y, the float32 forward on oneDNN, y = bn(x) without the ReLU (no kink). */
    @Test
    void inputGradientMatchesFiniteDifferences() {
        long[] shape = {2, 3, 3, 16};
        INDArray x = random(10, shape).castTo(DataType.FLOAT), r = random(11, shape).castTo(DataType.FLOAT);
        INDArray g = random(12, 16).addi(1.5).castTo(DataType.FLOAT), b = random(13, 16).castTo(DataType.FLOAT);
        BatchNorm bn = new BatchNorm(MOMENTUM, EPS, true);
        INDArray y = x.ulike(), dx = x.ulike(), dg = g.ulike(), db = g.ulike();
        bn.forwardTrain(x, g, b, Nd4j.zeros(DataType.FLOAT, 16), Nd4j.ones(DataType.FLOAT, 16), y);
        assertEquals(BatchNormEngine.ONEDNN, bn.backwardEngineFor(x, null, r, dx));
        bn.backward(x, g, r, dx, false, dg, db);
        double h = 1e-2;
        double scale = dx.amaxNumber().doubleValue();
        for (long i = 0; i < x.length(); i += 7) {
            float at = x.getFloat(i);
            x.putScalar(i, at + h);
            double up = loss(bn, x, g, b, r);
            x.putScalar(i, at - h);
            double down = loss(bn, x, g, b, r);
            x.putScalar(i, at);
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, dx.getDouble(i), 1e-2 * scale, "dx[" + i + "]");
        }
    }

    private static double loss(BatchNorm bn, INDArray x, INDArray g, INDArray b, INDArray r) {
        INDArray y = x.ulike();
        bn.forwardTrain(x, g, b, Nd4j.zeros(DataType.FLOAT, 16), Nd4j.ones(DataType.FLOAT, 16), y);
        return y.castTo(DataType.DOUBLE).mul(r.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
    }

    /** Accumulating, dx in dy's buffer, and a forward with a shortcut run on the loops, to the loops' results. */
    @Test
    void callsOneDnnDoesNotTakeFallBackToTheLoops() {
        long[] shape = {4, 6, 6, 16};
        INDArray x = random(20, shape).castTo(DataType.FLOAT), dy = random(21, shape).castTo(DataType.FLOAT);
        INDArray shortcut = random(22, shape).castTo(DataType.FLOAT), start = random(23, shape).castTo(DataType.FLOAT);
        INDArray g = random(24, 16).addi(1.5).castTo(DataType.FLOAT), b = random(25, 16).castTo(DataType.FLOAT);
        INDArray[][] results = new INDArray[2][];
        for (int e = 0; e < 2; e++) {
            BatchNormEngine.setOnednn(e == 1);
            BatchNorm bn = new BatchNorm(MOMENTUM, EPS, true);
            INDArray y = x.ulike(), dxAcc = start.dup(), dg = g.ulike(), db = g.ulike();
            INDArray zero = Nd4j.zeros(DataType.FLOAT, 16), one = Nd4j.ones(DataType.FLOAT, 16);
            assertEquals(BatchNormEngine.ROWS_FLOAT, bn.forwardEngineFor(x, shortcut, y), "forward with a shortcut");
            bn.forwardTrain(x, g, b, zero, one, shortcut, y, true);
            // The block's last batch norm: its backward (not through the ReLU) on oneDNN with the loops' statistics.
            INDArray dxPlain = x.ulike();
            assertEquals(e == 1 ? BatchNormEngine.ONEDNN : BatchNormEngine.ROWS_FLOAT, bn.backwardEngineFor(x, null, dy, dxPlain));
            bn.backward(x, g, dy, dxPlain, false, dg, db);
            assertEquals(BatchNormEngine.ROWS_FLOAT, BatchNormEngine.chooseBackward(true, x, null, dy, dxAcc, true, false));
            bn.backward(x, g, dy, dxAcc, true, dg.ulike(), db.ulike());
            INDArray inPlace = dy.dup();
            assertEquals(BatchNormEngine.ROWS_FLOAT, bn.backwardEngineFor(x, null, inPlace, inPlace), "dx in dy's buffer");
            bn.backward(x, g, inPlace, inPlace, false, dg.ulike(), db.ulike());
            results[e] = new INDArray[] {y, dxPlain, dg, db, dxAcc, inPlace};
        }
        String[] names = {"y", "dx", "dgamma", "dbeta", "accumulated dx", "dx in place"};
        for (int i = 0; i < names.length; i++) {
            double scale = Math.max(1, results[0][i].amaxNumber().doubleValue());
            double worst = results[0][i].sub(results[1][i]).amaxNumber().doubleValue() / scale;
            assertTrue(worst <= 2e-5, names[i] + ": " + worst);
        }
    }

    @Test
    void repeatsToTheBitAndRebuildsForAnotherShape() {
        float[] first = trainOnce(true, new long[] {4, 6, 5, 8}, true, BatchNormEngine.ONEDNN)[3].data().asFloat();
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(first, trainOnce(true, new long[] {4, 6, 5, 8}, true, BatchNormEngine.ONEDNN)[3].data().asFloat(),
                    "run " + i);
        }
        BatchNorm bn = new BatchNorm(MOMENTUM, EPS, true);
        for (long[] shape : new long[][] {{4, 6, 5, 8}, {2, 3, 3, 8}, {4, 6, 5, 8}}) {
            INDArray x = random(30, shape).castTo(DataType.FLOAT), y = x.ulike(), dx = x.ulike();
            INDArray g = Nd4j.ones(DataType.FLOAT, 8), dg = g.ulike(), db = g.ulike();
            bn.forwardTrain(x, g, Nd4j.zeros(DataType.FLOAT, 8), Nd4j.zeros(DataType.FLOAT, 8), Nd4j.ones(DataType.FLOAT, 8), y);
            bn.backward(x, g, y, dx, false, dg, db);
            // With gamma 1 and beta 0, each channel of y has mean 0 and (biased) variance 1/(1 + ε/σ²).
            INDArray perChannel = y.reshape(-1, 8);
            assertEquals(0, perChannel.mean(0).amaxNumber().doubleValue(), 1e-5, Arrays.toString(shape) + " mean");
            assertEquals(0, perChannel.var(false, 0).subi(1).amaxNumber().doubleValue(), 1e-3, Arrays.toString(shape) + " variance");
        }
    }

    /** oneDNN's ReLU would turn NaN into 0; the call runs on the loops instead, so a NaN reaches the loss. */
    @Test
    void aNanInTheInputReachesTheOutputThroughTheRelu() {
        long[] shape = {2, 3, 3, 16};
        INDArray x = random(40, shape).castTo(DataType.FLOAT), y = x.ulike();
        x.putScalar(new long[] {1, 2, 0, 5}, Float.NaN);
        INDArray g = Nd4j.ones(DataType.FLOAT, 16), b = Nd4j.zeros(DataType.FLOAT, 16);
        INDArray rm = Nd4j.zeros(DataType.FLOAT, 16);
        BatchNorm bn = new BatchNorm(MOMENTUM, EPS, true);
        assertEquals(BatchNormEngine.ONEDNN, bn.forwardEngineFor(x, null, y));
        bn.forwardTrain(x, g, b, rm, Nd4j.ones(DataType.FLOAT, 16), y, true);
        assertTrue(Float.isNaN(y.getFloat(0, 0, 0, 5)), "channel 5, whose statistics are NaN, is NaN after the ReLU");
        assertTrue(Float.isFinite(y.getFloat(0, 0, 0, 4)), "channel 4 is finite");
        assertTrue(Float.isNaN(rm.getFloat(5)), "the running mean shows it");
        assertEquals(BatchNormEngine.ROWS_FLOAT, bn.backwardEngineFor(x, y, y.ulike(), y.ulike()),
                "the backward through that ReLU runs where the forward did");
    }

    /** After an inference forward into the training forward's y, y holds other values: the backward reads them, on the loops. */
    @Test
    void anInferenceForwardIntoYDropsTheKeptMask() {
        long[] shape = {2, 3, 3, 16};
        INDArray x = random(50, shape).castTo(DataType.FLOAT), y = x.ulike(), dy = random(51, shape).castTo(DataType.FLOAT);
        INDArray g = Nd4j.ones(DataType.FLOAT, 16), b = Nd4j.zeros(DataType.FLOAT, 16);
        BatchNorm bn = new BatchNorm(MOMENTUM, EPS, true);
        bn.forwardTrain(x, g, b, Nd4j.zeros(DataType.FLOAT, 16), Nd4j.ones(DataType.FLOAT, 16), y, true);
        assertEquals(BatchNormEngine.ONEDNN, bn.backwardEngineFor(x, y, dy, x.ulike()));
        bn.forwardInference(x, g, b, Nd4j.zeros(DataType.FLOAT, 16), Nd4j.ones(DataType.FLOAT, 16).muli(100), y, true);
        assertEquals(BatchNormEngine.ROWS_FLOAT, bn.backwardEngineFor(x, y, dy, x.ulike()));
        INDArray dxRead = x.ulike(), dxCopy = x.ulike();
        bn.backward(x, g, y, dy, dxRead, false, g.ulike(), g.ulike());
        bn.backward(x, g, y.dup(), dy, dxCopy, false, g.ulike(), g.ulike());
        assertArrayEquals(dxCopy.data().asFloat(), dxRead.data().asFloat(), "the mask is y's values now");
    }
}
