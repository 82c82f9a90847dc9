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
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

class SoftmaxCrossEntropyTest {
    private static final int N = 4, K = 5;
    /** One label per row, plus a trailing entry that must be ignored (labels may be longer than N). */
    private static final int[] LABELS = {2, 0, 4, 2, 99};

    /** The textbook formulas, term by term: p = e^z / Σ e^z, L = mean −Σ t log p, dz = (p − t) / N. */
    private static double[][] naive(INDArray logits, double ls) {
        double[] z = flat(logits), p = new double[N * K], dz = new double[N * K];
        double loss = 0;
        for (int n = 0; n < N; n++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int k = 0; k < K; k++) {
                max = Math.max(max, z[n * K + k]);
            }
            for (int k = 0; k < K; k++) {
                sum += Math.exp(z[n * K + k] - max);
            }
            for (int k = 0; k < K; k++) {
                p[n * K + k] = Math.exp(z[n * K + k] - max) / sum;
                double t = (k == LABELS[n] ? 1 - ls : 0) + ls / K;
                loss -= t * Math.log(p[n * K + k]) / N;
                dz[n * K + k] = (p[n * K + k] - t) / N;
            }
        }
        return new double[][] {p, dz, {loss}};
    }

    @ParameterizedTest(name = "label smoothing {0}")
    @ValueSource(doubles = {0, 0.1, 1})
    void forwardAndBackwardMatchPlainLoops(double ls) {
        INDArray logits = random(1, N, K).muli(4);
        double[][] ref = naive(logits, ls);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-14 : 1e-6;
            INDArray probs = Nd4j.create(type, N, K), d = Nd4j.valueArrayOf(new long[] {N, K}, 9.0, type);
            double loss = SoftmaxCrossEntropy.forward(logits.castTo(type), LABELS, probs, ls);
            SoftmaxCrossEntropy.backward(probs, LABELS, ls, d);
            assertEquals(ref[2][0], loss, tol * ref[2][0], type + " loss");
            assertClose(ref[0], probs, tol, type + " probs");
            assertClose(ref[1], d, tol, type + " dlogits");
        }
    }

    @Test
    void probabilitiesMatchNd4jSoftmax() {
        INDArray logits = random(2, N, K).muli(4).castTo(DataType.FLOAT), probs = Nd4j.create(DataType.FLOAT, N, K);
        SoftmaxCrossEntropy.forward(logits, LABELS, probs, 0);
        INDArray expected = Nd4j.create(DataType.FLOAT, N, K);
        Nd4j.exec(DynamicCustomOp.builder("softmax").addInputs(logits).addOutputs(expected)
                .addIntegerArguments(1).build());
        assertClose(flat(expected), probs, 1e-6, "probs");
    }

    @ParameterizedTest(name = "label smoothing {0}")
    @ValueSource(doubles = {0, 0.1})
    void gradientMatchesFiniteDifferences(double ls) {
        INDArray logits = random(3, N, K).muli(3), probs = Nd4j.create(DataType.DOUBLE, N, K);
        INDArray loss = Nd4j.create(DataType.DOUBLE, 1), one = Nd4j.ones(DataType.DOUBLE, 1);
        INDArray dlogits = Nd4j.create(DataType.DOUBLE, N, K);
        Runnable forward = () -> loss.putScalar(0, SoftmaxCrossEntropy.forward(logits, LABELS, probs, ls));
        forward.run();
        SoftmaxCrossEntropy.backward(probs, LABELS, ls, dlogits);
        double err = GradientCheck.check("SoftmaxCrossEntropy ls=" + ls + " dlogits", forward, loss, one, logits,
                dlogits);
        assertTrue(err < GradientCheck.TOLERANCE, "relative error " + err);
    }

    @Test
    void staysFiniteForHugeLogits() {
        INDArray logits = Nd4j.createFromArray(new double[][] {
                {1e4, -1e4, 0, 0, 0}, {-1e4, -1e4, -1e4, -1e4, -1e4}, {1e4, 1e4, -1e4, -1e4, -1e4}, {0, 0, 0, 0, 1e4}});
        INDArray probs = Nd4j.create(DataType.DOUBLE, N, K), d = Nd4j.create(DataType.DOUBLE, N, K);
        int[] labels = {0, 3, 1, 2};
        double loss = SoftmaxCrossEntropy.forward(logits, labels, probs, 0);
        SoftmaxCrossEntropy.backward(probs, labels, 0, d);
        // row losses: 0 (certain and right), log 5 (uniform), log 2 (a tie), 1e4 (certain and wrong)
        assertEquals((Math.log(5) + Math.log(2) + 1e4) / N, loss, 1e-12);
        assertClose(new double[] {1, 0, 0, 0, 0, .2, .2, .2, .2, .2, .5, .5, 0, 0, 0, 0, 0, 0, 0, 1}, probs, 1e-15,
                "probs");
        assertClose(new double[] {0, 0, 0, 0, 0, .05, .05, .05, -.2, .05, .125, -.125, 0, 0, 0, 0, 0, -.25, 0, .25},
                d, 1e-15, "dlogits");
        float fl = (float) SoftmaxCrossEntropy.forward(logits.castTo(DataType.FLOAT), labels,
                Nd4j.create(DataType.FLOAT, N, K), 0.1);
        assertTrue(Double.isFinite(fl) && fl > 0, "float loss with smoothing " + fl);
    }

    @Test
    void probabilitiesMayOverwriteTheLogits() {
        INDArray logits = random(4, N, K), probs = Nd4j.create(DataType.DOUBLE, N, K);
        double loss = SoftmaxCrossEntropy.forward(logits, LABELS, probs, 0.1);
        assertEquals(loss, SoftmaxCrossEntropy.forward(logits, LABELS, logits, 0.1), 1e-15);
        assertClose(flat(probs), logits, 0, "probs");
    }

    @Test
    void rejectsLabelsOutOfRangeAndShortLabelArrays() {
        INDArray logits = random(5, N, K), probs = Nd4j.create(DataType.DOUBLE, N, K);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.forward(logits, new int[] {0, 1, 5, 2}, probs, 0));
        assertEquals("SoftmaxCrossEntropy.forward: the label of row 2 must be a class index in [0, 5), but is 5",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.backward(probs, new int[] {0, -1, 1, 1}, 0, probs));
        assertEquals("SoftmaxCrossEntropy.backward: the label of row 1 must be a class index in [0, 5), but is -1",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.forward(logits, new int[] {0, 1}, probs, 0));
        assertEquals("SoftmaxCrossEntropy.forward: labels must hold at least 4 entries (one per row of logits [4,5]),"
                + " but has 2", e.getMessage());
    }
}
