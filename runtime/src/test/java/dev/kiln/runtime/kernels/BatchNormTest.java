package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.testing.ArrayAsserts.assertClose;
import static dev.kiln.runtime.testing.ArrayAsserts.flat;
import static dev.kiln.runtime.testing.GradientCheck.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.kernels.batchnorm.BatchNormEngine;
import dev.kiln.runtime.testing.GradientCheck;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

class BatchNormTest {
    private static final double MOMENTUM = 0.1, EPS = 1e-5;
    private static final long[] IMAGE = {3, 2, 2, 3}, FEATURES = {5, 3};
    /** Runs of 20 floats per channel and sample: float32 takes NchwFloatBatchNorm's path here (IMAGE's runs of 6 take the generic one). */
    private static final long[] WIDE_IMAGE = {3, 2, 4, 5};

    /** Everything one training step of batch norm produces, computed by the classic chain rule. */
    private static final class Naive {
        final double[] mean, var, unbiased, y, dx, dgamma, dbeta;

        Naive(INDArray xa, INDArray ga, INDArray ba, INDArray dya) {
            int n = (int) xa.size(0), c = (int) xa.size(1), hw = (int) (xa.length() / n / c), m = n * hw;
            double[] x = flat(xa), g = flat(ga), b = flat(ba), dy = flat(dya);
            mean = new double[c];
            var = new double[c];
            unbiased = new double[c];
            y = new double[x.length];
            dx = new double[x.length];
            dgamma = new double[c];
            dbeta = new double[c];
            for (int ch = 0; ch < c; ch++) {
                for (int s = 0; s < n; s++) {
                    for (int i = 0; i < hw; i++) {
                        mean[ch] += x[(s * c + ch) * hw + i] / m;
                    }
                }
                for (int s = 0; s < n; s++) {
                    for (int i = 0; i < hw; i++) {
                        double d = x[(s * c + ch) * hw + i] - mean[ch];
                        var[ch] += d * d / m;
                        unbiased[ch] += d * d / (m - 1);
                    }
                }
                double std = Math.sqrt(var[ch] + EPS), dvar = 0, dmean = 0, sumCentred = 0;
                for (int s = 0; s < n; s++) {
                    for (int i = 0; i < hw; i++) {
                        int k = (s * c + ch) * hw + i;
                        double xhat = (x[k] - mean[ch]) / std, dxhat = dy[k] * g[ch];
                        y[k] = g[ch] * xhat + b[ch];
                        dgamma[ch] += dy[k] * xhat;
                        dbeta[ch] += dy[k];
                        dvar += dxhat * (x[k] - mean[ch]) * -0.5 * Math.pow(var[ch] + EPS, -1.5);
                        dmean -= dxhat / std;
                        sumCentred += x[k] - mean[ch];
                    }
                }
                dmean += dvar * -2 * sumCentred / m;
                for (int s = 0; s < n; s++) {
                    for (int i = 0; i < hw; i++) {
                        int k = (s * c + ch) * hw + i;
                        dx[k] = dy[k] * g[ch] / std + dvar * 2 * (x[k] - mean[ch]) / m + dmean / m;
                    }
                }
            }
        }
    }

    private static INDArray positive(long seed, long c) {
        return random(seed, c).addi(1.5);
    }

    @Test
    void trainingStepMatchesTheChainRuleInDoubleAndFloat() {
        for (long[] shape : new long[][] {IMAGE, WIDE_IMAGE, FEATURES}) {
            long c = shape[1];
            INDArray x = random(1, shape).muli(2).addi(0.5), g = positive(2, c), b = random(3, c);
            INDArray dy = random(4, shape);
            INDArray rm0 = random(5, c), rv0 = positive(6, c);
            Naive ref = new Naive(x, g, b, dy);
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                double tol = type == DataType.DOUBLE ? 1e-12 : 2e-5;
                String what = type + " " + Arrays.toString(shape) + " ";
                INDArray rm = rm0.dup().castTo(type), rv = rv0.dup().castTo(type), y = Nd4j.create(type, shape);
                INDArray dx = Nd4j.create(type, shape), dg = Nd4j.valueArrayOf(new long[] {c}, 9.0, type);
                INDArray db = Nd4j.valueArrayOf(new long[] {c}, 9.0, type);
                BatchNorm bn = new BatchNorm(MOMENTUM, EPS);
                bn.forwardTrain(x.castTo(type), g.castTo(type), b.castTo(type), rm, rv, y);
                bn.backward(x.castTo(type), g.castTo(type), dy.castTo(type), dx, false, dg, db);
                assertClose(ref.y, y, tol, what + "y");
                assertClose(ref.dx, dx, tol, what + "dx");
                assertClose(ref.dgamma, dg, tol, what + "dgamma");
                assertClose(ref.dbeta, db, tol, what + "dbeta");
                double[] expectedMean = new double[(int) c], expectedVar = new double[(int) c];
                for (int ch = 0; ch < c; ch++) {
                    expectedMean[ch] = (1 - MOMENTUM) * rm0.getDouble(ch) + MOMENTUM * ref.mean[ch];
                    expectedVar[ch] = (1 - MOMENTUM) * rv0.getDouble(ch) + MOMENTUM * ref.unbiased[ch];
                }
                assertClose(expectedMean, rm, tol, what + "running mean");
                assertClose(expectedVar, rv, tol, what + "running variance");
            }
        }
    }

    /** ND4J's batchnorm given the batch statistics and, in inference, the running ones. */
    @Test
    void forwardMatchesNd4jBatchnormInFloat() {
        for (long[] shape : new long[][] {IMAGE, WIDE_IMAGE, FEATURES}) {
            long c = shape[1];
            INDArray x = random(7, shape).muli(2).castTo(DataType.FLOAT), g = positive(8, c).castTo(DataType.FLOAT);
            INDArray b = random(9, c).castTo(DataType.FLOAT), y = Nd4j.create(DataType.FLOAT, shape);
            INDArray rm = Nd4j.zeros(DataType.FLOAT, c), rv = Nd4j.ones(DataType.FLOAT, c);
            int[] axes = shape.length == 4 ? new int[] {0, 2, 3} : new int[] {0};
            INDArray mean = x.mean(axes), var = x.var(false, axes);
            new BatchNorm(MOMENTUM, EPS).forwardTrain(x, g, b, rm, rv, y);
            assertClose(flat(nd4jBatchnorm(x, mean, var, g, b)), y, 1e-5, "training y");
            INDArray runMean = random(10, c).castTo(DataType.FLOAT), runVar = positive(11, c).castTo(DataType.FLOAT);
            new BatchNorm(MOMENTUM, EPS).forwardInference(x, g, b, runMean, runVar, y);
            assertClose(flat(nd4jBatchnorm(x, runMean, runVar, g, b)), y, 1e-5, "inference y");
            assertEquals(0, x.var(true, axes).sub(rv.sub(1 - MOMENTUM).div(MOMENTUM)).amaxNumber().doubleValue(),
                    1e-5, "unbiased variance in the running update");
        }
    }

    private static INDArray nd4jBatchnorm(INDArray x, INDArray mean, INDArray var, INDArray g, INDArray b) {
        INDArray out = Nd4j.create(x.dataType(), x.shape());
        Nd4j.exec(DynamicCustomOp.builder("batchnorm").addInputs(x, mean, var, g, b).addOutputs(out)
                .addIntegerArguments(1, 1, 1).addFloatingPointArguments(EPS).build());
        return out;
    }

    @Test
    void inferenceUsesTheRunningStatisticsAndChangesNothing() {
        INDArray x = random(12, IMAGE), g = positive(13, 2), b = random(14, 2), y = Nd4j.create(DataType.DOUBLE, IMAGE);
        INDArray rm = random(15, 2), rv = positive(16, 2);
        double[] rmBefore = flat(rm), rvBefore = flat(rv), xs = flat(x), expected = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            int ch = (i / 6) % 2;
            expected[i] = g.getDouble(ch) * (xs[i] - rmBefore[ch]) / Math.sqrt(rvBefore[ch] + EPS) + b.getDouble(ch);
        }
        new BatchNorm(MOMENTUM, EPS).forwardInference(x, g, b, rm, rv, y);
        assertClose(expected, y, 1e-14, "y");
        assertClose(rmBefore, rm, 0, "running mean");
        assertClose(rvBefore, rv, 0, "running variance");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (long[] shape : new long[][] {IMAGE, WIDE_IMAGE, FEATURES}) {
            long c = shape[1];
            INDArray x = random(17, shape), g = positive(18, c), b = random(19, c), dy = random(20, shape);
            INDArray rm = Nd4j.zeros(DataType.DOUBLE, c), rv = Nd4j.ones(DataType.DOUBLE, c);
            INDArray y = Nd4j.create(DataType.DOUBLE, shape), dx = Nd4j.create(DataType.DOUBLE, shape);
            INDArray dg = Nd4j.create(DataType.DOUBLE, c), db = Nd4j.create(DataType.DOUBLE, c);
            BatchNorm bn = new BatchNorm(MOMENTUM, EPS);
            Runnable forward = () -> bn.forwardTrain(x, g, b, rm, rv, y);
            forward.run();
            bn.backward(x, g, dy, dx, false, dg, db);
            String s = Arrays.toString(shape);
            double ex = GradientCheck.check("BatchNorm " + s + " dx", forward, y, dy, x, dx);
            double eg = GradientCheck.check("BatchNorm " + s + " dgamma", forward, y, dy, g, dg);
            double eb = GradientCheck.check("BatchNorm " + s + " dbeta", forward, y, dy, b, db);
            assertTrue(ex < GradientCheck.TOLERANCE, "dx relative error " + ex);
            assertTrue(eg < GradientCheck.TOLERANCE, "dgamma relative error " + eg);
            assertTrue(eb < GradientCheck.TOLERANCE, "dbeta relative error " + eb);
        }
    }

    /** Batch norm with its ReLU fused gives what batch norm then {@link Relu} give, both ways, in double and float. */
    @Test
    void fusedReluMatchesBatchNormThenRelu() {
        for (long[] shape : new long[][] {IMAGE, WIDE_IMAGE, FEATURES}) {
            long c = shape[1];
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                String what = type + " " + Arrays.toString(shape) + " ";
                INDArray x = random(40, shape).castTo(type), g = positive(41, c).castTo(type), b = random(42, c).castTo(type);
                INDArray dy = random(43, shape).castTo(type), dyBefore = dy.dup();
                INDArray y = Nd4j.create(type, shape), yFused = Nd4j.create(type, shape);
                INDArray dx = Nd4j.create(type, shape), dxFused = Nd4j.create(type, shape), masked = Nd4j.create(type, shape);
                INDArray dg = Nd4j.create(type, c), db = Nd4j.create(type, c), dgFused = Nd4j.create(type, c), dbFused = Nd4j.create(type, c);
                BatchNorm separate = new BatchNorm(MOMENTUM, EPS), fused = new BatchNorm(MOMENTUM, EPS);
                separate.forwardTrain(x, g, b, Nd4j.zeros(type, c), Nd4j.ones(type, c), y);
                Relu.forward(y, y);
                fused.forwardTrain(x, g, b, Nd4j.zeros(type, c), Nd4j.ones(type, c), yFused, true);
                assertClose(flat(y), yFused, 0, what + "y");
                Relu.backward(y, dy, masked, false);
                separate.backward(x, g, masked, dx, false, dg, db);
                fused.backward(x, g, yFused, dy, dxFused, false, dgFused, dbFused);
                assertClose(flat(dx), dxFused, 0, what + "dx");
                assertClose(flat(dg), dgFused, 0, what + "dgamma");
                assertClose(flat(db), dbFused, 0, what + "dbeta");
                assertClose(flat(dyBefore), dy, 0, what + "dy left as it was");
                assertTrue(flat(dxFused).length > 0 && Arrays.stream(flat(masked)).anyMatch(v -> v == 0)
                        && Arrays.stream(flat(masked)).anyMatch(v -> v != 0), what + "the mask must cut some entries and keep others");
                INDArray yInference = Nd4j.create(type, shape), yInferenceFused = Nd4j.create(type, shape);
                INDArray rm = random(44, c).castTo(type), rv = positive(45, c).castTo(type);
                separate.forwardInference(x, g, b, rm, rv, yInference);
                Relu.forward(yInference, yInference);
                fused.forwardInference(x, g, b, rm, rv, yInferenceFused, true);
                assertClose(flat(yInference), yInferenceFused, 0, what + "inference y");
            }
        }
    }

    @Test
    void fusedReluGradientsMatchFiniteDifferences() {
        for (long[] shape : new long[][] {IMAGE, WIDE_IMAGE, FEATURES}) {
            long c = shape[1];
            INDArray x = random(46, shape), g = positive(47, c), b = random(48, c), dy = random(49, shape);
            INDArray y = Nd4j.create(DataType.DOUBLE, shape), dx = Nd4j.create(DataType.DOUBLE, shape);
            INDArray dg = Nd4j.create(DataType.DOUBLE, c), db = Nd4j.create(DataType.DOUBLE, c);
            BatchNorm bn = new BatchNorm(MOMENTUM, EPS);
            Runnable forward = () -> bn.forwardTrain(x, g, b, Nd4j.zeros(DataType.DOUBLE, c), Nd4j.ones(DataType.DOUBLE, c), y, true);
            forward.run();
            bn.backward(x, g, y, dy, dx, false, dg, db);
            String s = "BatchNorm + ReLU " + Arrays.toString(shape);
            double ex = GradientCheck.check(s + " dx", forward, y, dy, x, dx);
            double eg = GradientCheck.check(s + " dgamma", forward, y, dy, g, dg);
            double eb = GradientCheck.check(s + " dbeta", forward, y, dy, b, db);
            assertTrue(ex < GradientCheck.TOLERANCE, "dx relative error " + ex);
            assertTrue(eg < GradientCheck.TOLERANCE, "dgamma relative error " + eg);
            assertTrue(eb < GradientCheck.TOLERANCE, "dbeta relative error " + eb);
        }
    }

    /**
     * The float path's lane sums on a tensor of many rows, far from zero mean (so the shifted
     * one-pass variance must not cancel), and split over both threads: every output within float
     * rounding of the double path.
     */
    @Test
    void floatLaneSumsAgreeWithDoubleOnALargeOffsetTensor() {
        long[] shape = {64, 6, 9, 11};
        INDArray x = random(50, shape).muli(3).addi(40), g = positive(51, 6), b = random(52, 6), dy = random(53, shape);
        INDArray[] outputs = new INDArray[2];
        INDArray[][] stats = new INDArray[2][];
        DataType[] types = {DataType.DOUBLE, DataType.FLOAT};
        for (int t = 0; t < 2; t++) {
            DataType type = types[t];
            INDArray y = Nd4j.create(type, shape), dx = Nd4j.create(type, shape), dg = Nd4j.create(type, 6), db = Nd4j.create(type, 6);
            INDArray rm = Nd4j.zeros(type, 6), rv = Nd4j.ones(type, 6);
            BatchNorm bn = new BatchNorm(MOMENTUM, EPS);
            bn.forwardTrain(x.castTo(type), g.castTo(type), b.castTo(type), rm, rv, y, true);
            bn.backward(x.castTo(type), g.castTo(type), y, dy.castTo(type), dx, false, dg, db);
            outputs[t] = y;
            stats[t] = new INDArray[] {rm, rv, dx, dg, db};
        }
        assertClose(flat(outputs[0]), outputs[1], 1e-5, "y");
        String[] names = {"running mean", "running variance", "dx", "dgamma", "dbeta"};
        for (int i = 0; i < names.length; i++) {
            double scale = Math.max(1, stats[0][i].amaxNumber().doubleValue());
            double worst = stats[0][i].sub(stats[1][i].castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / scale;
            assertTrue(worst < 2e-5, names[i] + ": float differs from double by " + worst + " of its largest value");
        }
    }

    /** With a shortcut, batch norm, the add and the ReLU in one call give what they give as three, in training and inference. */
    @Test
    void shortcutIsAddedBeforeTheRelu() {
        for (long[] shape : new long[][] {IMAGE, WIDE_IMAGE, FEATURES}) {
            long c = shape[1];
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                for (boolean relu : new boolean[] {true, false}) {
                    String what = type + " " + Arrays.toString(shape) + (relu ? " relu " : " ");
                    INDArray x = random(60, shape).castTo(type), g = positive(61, c).castTo(type), b = random(62, c).castTo(type);
                    INDArray shortcut = random(63, shape).castTo(type), shortcutBefore = shortcut.dup();
                    INDArray rm = random(64, c).castTo(type), rv = positive(65, c).castTo(type);
                    INDArray bn = Nd4j.create(type, shape), expected = Nd4j.create(type, shape), y = Nd4j.create(type, shape);
                    new BatchNorm(MOMENTUM, EPS).forwardTrain(x, g, b, rm.dup(), rv.dup(), bn);
                    Add.forward(bn, shortcut, expected, relu);
                    INDArray rmFused = rm.dup(), rvFused = rv.dup();
                    new BatchNorm(MOMENTUM, EPS).forwardTrain(x, g, b, rmFused, rvFused, shortcut, y, relu);
                    assertClose(flat(expected), y, type == DataType.FLOAT ? 1e-6 : 1e-14, what + "training y");
                    INDArray rmSeparate = rm.dup(), rvSeparate = rv.dup();
                    new BatchNorm(MOMENTUM, EPS).forwardTrain(x, g, b, rmSeparate, rvSeparate, bn);
                    assertClose(flat(rmSeparate), rmFused, 0, what + "running mean");
                    assertClose(flat(rvSeparate), rvFused, 0, what + "running variance");
                    new BatchNorm(MOMENTUM, EPS).forwardInference(x, g, b, rm, rv, bn);
                    Add.forward(bn, shortcut, expected, relu);
                    new BatchNorm(MOMENTUM, EPS).forwardInference(x, g, b, rm, rv, shortcut, y, relu);
                    assertClose(flat(expected), y, type == DataType.FLOAT ? 1e-6 : 1e-14, what + "inference y");
                    assertClose(flat(shortcutBefore), shortcut, 0, what + "shortcut left as it was");
                }
            }
        }
        INDArray x = random(66, IMAGE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm(MOMENTUM, EPS)
                .forwardTrain(x, positive(67, 2), random(68, 2), Nd4j.zeros(DataType.DOUBLE, 2), Nd4j.ones(DataType.DOUBLE, 2),
                        random(69, 3, 2), x.ulike(), true));
        assertEquals("BatchNorm.forwardTrain: shortcut must have the shape of x [3,2,2,3], but is [3,2]", e.getMessage());
    }

    /** y = relu(bn(x) + shortcut): the plain backward masked by y gives dx, dγ, dβ (the add passes dy on as it is). */
    @Test
    void shortcutGradientsMatchFiniteDifferences() {
        INDArray x = random(70, IMAGE), g = positive(71, 2), b = random(72, 2), dy = random(73, IMAGE), shortcut = random(74, IMAGE);
        INDArray y = Nd4j.create(DataType.DOUBLE, IMAGE), dx = Nd4j.create(DataType.DOUBLE, IMAGE);
        INDArray dg = Nd4j.create(DataType.DOUBLE, 2), db = Nd4j.create(DataType.DOUBLE, 2);
        BatchNorm bn = new BatchNorm(MOMENTUM, EPS);
        Runnable forward = () -> bn.forwardTrain(x, g, b, Nd4j.zeros(DataType.DOUBLE, 2), Nd4j.ones(DataType.DOUBLE, 2), shortcut, y, true);
        forward.run();
        bn.backward(x, g, y, dy, dx, false, dg, db);
        double ex = GradientCheck.check("BatchNorm + shortcut + ReLU dx", forward, y, dy, x, dx);
        double eg = GradientCheck.check("BatchNorm + shortcut + ReLU dgamma", forward, y, dy, g, dg);
        double eb = GradientCheck.check("BatchNorm + shortcut + ReLU dbeta", forward, y, dy, b, db);
        assertTrue(ex < GradientCheck.TOLERANCE, "dx relative error " + ex);
        assertTrue(eg < GradientCheck.TOLERANCE, "dgamma relative error " + eg);
        assertTrue(eb < GradientCheck.TOLERANCE, "dbeta relative error " + eb);
    }

    @Test
    void dxHonoursAccumulateAndMayOverwriteDy() {
        INDArray x = random(21, IMAGE), g = positive(22, 2), b = random(23, 2), dy = random(24, IMAGE);
        INDArray y = Nd4j.create(DataType.DOUBLE, IMAGE), dg = Nd4j.create(DataType.DOUBLE, 2);
        INDArray db = Nd4j.create(DataType.DOUBLE, 2), expected = Nd4j.create(DataType.DOUBLE, IMAGE);
        BatchNorm bn = new BatchNorm(MOMENTUM, EPS);
        bn.forwardTrain(x, g, b, Nd4j.zeros(DataType.DOUBLE, 2), Nd4j.ones(DataType.DOUBLE, 2), y);
        bn.backward(x, g, dy, expected, false, dg, db);
        double[] dgOnce = flat(dg), dbOnce = flat(db);
        INDArray dx = Nd4j.valueArrayOf(IMAGE, 0.25, DataType.DOUBLE);
        bn.backward(x, g, dy, dx, true, dg, db);
        assertClose(flat(expected.add(0.25)), dx, 1e-15, "accumulated dx");
        assertClose(dgOnce, dg, 0, "dgamma overwritten, not accumulated");
        assertClose(dbOnce, db, 0, "dbeta overwritten, not accumulated");
        bn.backward(x, g, dy, dx, false, dg, db);
        assertClose(flat(expected), dx, 0, "overwritten dx");
        bn.backward(x, g, dy, dy, false, dg, db);
        assertClose(flat(expected), dy, 1e-15, "dx written over dy");
    }

    /**
     * Given the y of its own last training forward (fused ReLU, no shortcut), backward recomputes
     * the mask from x instead of reading y: the same bits as when handed a copy of y, which it
     * must read; and an inference forward in between makes it read y again.
     */
    @Test
    void recomputedReluMaskGivesTheBitsOfTheReadOne() {
        // The Java loops' recomputed mask; oneDNN keeps a mask of its own (DnnlBatchNormTest).
        BatchNormEngine.setOnednn(false);
        try {
            recomputedMaskGivesTheReadOnesBits();
        } finally {
            BatchNormEngine.setOnednn(true);
        }
    }

    private static void recomputedMaskGivesTheReadOnesBits() {
        for (boolean channelsLast : new boolean[] {false, true}) {
            long[] shape = channelsLast ? new long[] {4, 6, 5, 8} : new long[] {4, 8, 6, 5};
            int c = 8;
            INDArray x = random(80, shape).castTo(DataType.FLOAT), g = positive(81, c).castTo(DataType.FLOAT);
            INDArray b = random(82, c).castTo(DataType.FLOAT), dy = random(83, shape).castTo(DataType.FLOAT);
            INDArray y = x.ulike(), dxRecomputed = x.ulike(), dxRead = x.ulike();
            INDArray dg = g.ulike(), db = g.ulike(), dg2 = g.ulike(), db2 = g.ulike();
            BatchNorm bn = new BatchNorm(MOMENTUM, EPS, channelsLast);
            bn.forwardTrain(x, g, b, Nd4j.zeros(DataType.FLOAT, c), Nd4j.ones(DataType.FLOAT, c), y, true);
            bn.backward(x, g, y, dy, dxRecomputed, false, dg, db);
            bn.backward(x, g, y.dup(), dy, dxRead, false, dg2, db2);
            String what = channelsLast ? "channels last " : "NCHW ";
            assertArrayEquals(dxRead.data().asFloat(), dxRecomputed.data().asFloat(), what + "dx");
            assertArrayEquals(dg2.data().asFloat(), dg.data().asFloat(), what + "dgamma");
            assertArrayEquals(db2.data().asFloat(), db.data().asFloat(), what + "dbeta");
            // After an inference forward into y, y holds other values: backward reads them.
            bn.forwardInference(x, g, b, Nd4j.zeros(DataType.FLOAT, c), Nd4j.ones(DataType.FLOAT, c).muli(100), y, true);
            bn.backward(x, g, y, dy, dxRecomputed, false, dg, db);
            bn.backward(x, g, y.dup(), dy, dxRead, false, dg2, db2);
            assertArrayEquals(dxRead.data().asFloat(), dxRecomputed.data().asFloat(), what + "dx after inference");
        }
    }

    @Test
    void rejectsBadShapesAndABackwardWithoutStatistics() {
        INDArray x = random(25, IMAGE), g = positive(26, 2), b = random(27, 2), y = Nd4j.create(DataType.DOUBLE, IMAGE);
        BatchNorm bn = new BatchNorm(MOMENTUM, EPS);
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> bn.backward(x, g, y, y, false, Nd4j.create(DataType.DOUBLE, 2), Nd4j.create(DataType.DOUBLE, 2)));
        assertEquals("BatchNorm.backward: needs the statistics of a forwardTrain over 2 channels first, but has none",
                s.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bn.forwardTrain(x, g, b, random(28, 3), positive(29, 2), y));
        assertEquals("BatchNorm.forwardTrain: runningMean must have 2 elements (the channels of x [3,2,2,3]), "
                + "but is [3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bn.forwardTrain(random(30, 1, 2),
                g, b, random(31, 2), positive(32, 2), Nd4j.create(DataType.DOUBLE, 1, 2)));
        assertEquals("BatchNorm.forwardTrain: needs more than one value per channel to estimate a variance, "
                + "but x is [1,2]", e.getMessage());
    }
}
