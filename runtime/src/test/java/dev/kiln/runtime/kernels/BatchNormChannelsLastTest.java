package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.testing.ArrayAsserts.assertClose;
import static dev.kiln.runtime.testing.ArrayAsserts.flat;
import static dev.kiln.runtime.testing.GradientCheck.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.kernels.batchnorm.BatchNormEngine;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Channels-last batch norm ([N,H,W,C], statistics over the N·H·W rows of each column) gives
 * what the NCHW one gives on the same values: training forward with shortcut and ReLU, running
 * statistics, the backward through the ReLU mask with accumulate, inference. The NCHW kernel is
 * checked against the chain rule, ND4J and finite differences in {@link BatchNormTest}. The
 * float32 shapes reach {@code RowsFloatBatchNorm} with one and several blocks, a partial last block,
 * channel counts that do and do not divide its 256-float lanes, and both threads.
 */
class BatchNormChannelsLastTest {
    private static final double MOMENTUM = 0.1, EPS = 1e-5;

    private static INDArray toLast(INDArray nchw) {
        return nchw.permute(0, 2, 3, 1).dup('c');
    }

    private static INDArray toFirst(INDArray nhwc) {
        return nhwc.permute(0, 3, 1, 2).dup('c');
    }

    @ParameterizedTest
    @CsvSource({"3, 2, 2, 3, DOUBLE", "3, 2, 2, 3, FLOAT", "4, 10, 9, 9, FLOAT", "8, 16, 20, 20, FLOAT",
            "2, 64, 16, 16, FLOAT", "4, 3, 5, 7, DOUBLE"})
    void agreesWithNchwOnTheSameValues(int n, int c, int h, int w, DataType type) {
        long[] shape = {n, c, h, w};
        String what = type + " " + Arrays.toString(shape) + " ";
        double tol = type == DataType.FLOAT ? 3e-5 : 1e-12;
        INDArray x = random(1, shape).muli(2).addi(3).castTo(type);
        INDArray g = random(2, c).addi(1.5).castTo(type), b = random(3, c).castTo(type);
        INDArray shortcut = random(4, shape).castTo(type), dy = random(5, shape).castTo(type);
        INDArray start = random(6, shape).castTo(type);
        INDArray rm0 = random(7, c).castTo(type), rv0 = random(8, c).addi(1.5).castTo(type);

        BatchNorm first = new BatchNorm(MOMENTUM, EPS);
        INDArray rm = rm0.dup(), rv = rv0.dup(), y = Nd4j.create(type, shape), dx = start.dup();
        INDArray dg = Nd4j.create(type, c), db = Nd4j.create(type, c);
        first.forwardTrain(x, g, b, rm, rv, shortcut, y, true);
        first.backward(x, g, y, dy, dx, true, dg, db);

        BatchNorm last = new BatchNorm(MOMENTUM, EPS, true);
        INDArray rmLast = rm0.dup(), rvLast = rv0.dup(), yLast = Nd4j.create(type, n, h, w, c), dxLast = toLast(start);
        INDArray dgLast = Nd4j.create(type, c), dbLast = Nd4j.create(type, c);
        INDArray xLast = toLast(x);
        last.forwardTrain(xLast, g, b, rmLast, rvLast, toLast(shortcut), yLast, true);
        last.backward(xLast, g, yLast, toLast(dy), dxLast, true, dgLast, dbLast);

        assertClose(flat(y), toFirst(yLast), tol, what + "training y");
        assertClose(flat(rm), rmLast, tol, what + "running mean");
        assertClose(flat(rv), rvLast, tol, what + "running variance");
        assertClose(flat(dx), toFirst(dxLast), tol, what + "accumulated dx");
        assertClose(flat(dg), dgLast, tol * n * h * w, what + "dgamma");
        assertClose(flat(db), dbLast, tol * n * h * w, what + "dbeta");

        first.forwardInference(x, g, b, rm0, rv0, shortcut, y, false);
        last.forwardInference(xLast, g, b, rm0, rv0, toLast(shortcut), yLast, false);
        assertClose(flat(y), toFirst(yLast), tol, what + "inference y");
    }

    /**
     * The float rows agree with double sums on values around 40 (the shift keeps the variance
     * from cancelling); oneDNN's engine is compared with them in {@code DnnlBatchNormTest}.
     */
    @Test
    void floatRowsAgreeWithDoubleOnALargeOffsetTensor() {
        BatchNormEngine.setOnednn(false);
        try {
            floatRowsAgreeWithDouble();
        } finally {
            BatchNormEngine.setOnednn(true);
        }
    }

    private static void floatRowsAgreeWithDouble() {
        long[] shape = {16, 12, 12, 24};
        INDArray x = random(10, shape).muli(3).addi(40), g = random(11, 24).addi(1.5), b = random(12, 24);
        INDArray dy = random(13, shape);
        INDArray[][] results = new INDArray[2][];
        DataType[] types = {DataType.DOUBLE, DataType.FLOAT};
        for (int t = 0; t < 2; t++) {
            DataType type = types[t];
            INDArray y = Nd4j.create(type, shape), dx = Nd4j.create(type, shape);
            INDArray rm = Nd4j.zeros(type, 24), rv = Nd4j.ones(type, 24), dg = Nd4j.create(type, 24), db = Nd4j.create(type, 24);
            BatchNorm bn = new BatchNorm(MOMENTUM, EPS, true);
            bn.forwardTrain(x.castTo(type), g.castTo(type), b.castTo(type), rm, rv, y, true);
            bn.backward(x.castTo(type), g.castTo(type), y, dy.castTo(type), dx, false, dg, db);
            results[t] = new INDArray[] {y, rm, rv, dx, dg, db};
        }
        String[] names = {"y", "running mean", "running variance", "dx", "dgamma", "dbeta"};
        for (int i = 0; i < names.length; i++) {
            INDArray exact = results[0][i];
            double scale = Math.max(1, exact.amaxNumber().doubleValue());
            double worst = exact.sub(results[1][i].castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / scale;
            assertTrue(worst < 2e-5, names[i] + ": float differs from double by " + worst + " of its largest value");
        }
    }

    /**
     * The blocks' partial sums are added in block order, so the result is the same to the bit
     * whether the helper thread took half the blocks or another caller kept it busy.
     */
    @Test
    void resultDoesNotDependOnWhichThreadRanWhichBlock() throws Exception {
        long[] shape = {8, 24, 24, 16};
        INDArray x = random(20, shape).castTo(DataType.FLOAT), g = random(21, 16).addi(1.5).castTo(DataType.FLOAT);
        INDArray b = random(22, 16).castTo(DataType.FLOAT);
        float[] alone = trainOnce(x, g, b);
        INDArray other = random(23, shape).castTo(DataType.FLOAT);
        CountDownLatch started = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            started.countDown();
            for (int i = 0; i < 40; i++) {
                trainOnce(other, g, b);
            }
        });
        busy.start();
        started.await();
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(alone, trainOnce(x, g, b), "run " + i + " beside another caller");
        }
        busy.join();
    }

    private static float[] trainOnce(INDArray x, INDArray g, INDArray b) {
        INDArray y = x.ulike(), rm = Nd4j.zeros(DataType.FLOAT, 16), rv = Nd4j.ones(DataType.FLOAT, 16);
        new BatchNorm(MOMENTUM, EPS, true).forwardTrain(x, g, b, rm, rv, y, true);
        return y.data().asFloat();
    }

    @Test
    void errorsNameTheChannelsLastShape() {
        BatchNorm bn = new BatchNorm(MOMENTUM, EPS, true);
        INDArray x = random(30, 2, 3, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forwardTrain(x,
                random(31, 3), random(32, 4), Nd4j.zeros(DataType.DOUBLE, 4), Nd4j.ones(DataType.DOUBLE, 4), x.ulike()));
        assertEquals("BatchNorm.forwardTrain: gamma must have 4 elements (the channels of x [2,3,3,4]), but is [3]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bn.forwardTrain(random(33, 2, 3, 4),
                random(34, 4), random(35, 4), Nd4j.zeros(DataType.DOUBLE, 4), Nd4j.ones(DataType.DOUBLE, 4),
                Nd4j.create(DataType.DOUBLE, 2, 3, 4)));
        assertEquals("BatchNorm.forwardTrain: x must be [N,H,W,C] or [N,C], but is [2,3,4]", e.getMessage());
    }
}
