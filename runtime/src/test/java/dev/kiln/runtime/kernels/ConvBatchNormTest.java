package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.testing.ArrayAsserts.assertClose;
import static dev.kiln.runtime.testing.ArrayAsserts.flat;
import static dev.kiln.runtime.testing.GradientCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.kernels.conv.ConvEngine;
import dev.kiln.runtime.kernels.onednn.Dnnl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The folded convolution and batch norm against a naive reference in double (the convolution
 * summed term by term over [N,H,W,C] tensors, then the batch norm's formula, the shortcut and
 * the ReLU): on oneDNN's folded primitive in float32 and on the unfolded calls in float64.
 */
class ConvBatchNormTest {
    private static final int N = 2, H = 7, W = 6, C = 3, F = 5;
    private static final double EPSILON = 1e-5;

    /** One case's arrays, channels last, in {@code type}. */
    private record Case(int k, int s, int p, INDArray x, INDArray w, INDArray b, INDArray gamma, INDArray beta,
                        INDArray mean, INDArray var, INDArray shortcut, INDArray lin, INDArray y) {
        static Case of(int k, int s, int p, boolean bias, boolean shortcut, DataType type) {
            int oh = (H + 2 * p - k) / s + 1, ow = (W + 2 * p - k) / s + 1;
            INDArray var = random(16, F).castTo(type);
            var.assign(Transforms.abs(var).addi(0.2));
            return new Case(k, s, p, random(11, N, H, W, C).castTo(type), random(12, F, C, k, k).castTo(type),
                    bias ? random(13, F).castTo(type) : null, random(14, F).castTo(type), random(15, F).castTo(type),
                    random(17, F).castTo(type), var, shortcut ? random(18, N, oh, ow, F).castTo(type) : null,
                    Nd4j.create(type, N, oh, ow, F), Nd4j.create(type, N, oh, ow, F));
        }

        ConvBatchNorm kernel() {
            return new ConvBatchNorm(new Conv2d(k, s, p, 1, true), new BatchNorm(0.1, EPSILON, true));
        }

        void run(ConvBatchNorm kernel, boolean relu) {
            kernel.forward(x, w, b, gamma, beta, mean, var, lin, shortcut, y, relu);
        }

        /** act(γ·(conv(x, w) + b − μ)/√(σ² + ε) + β + shortcut), term by term in double. */
        double[] naive(boolean relu) {
            double[] xs = flat(x), ws = flat(w), g = flat(gamma), sh = flat(beta), m = flat(mean), v = flat(var);
            double[] bs = b == null ? new double[F] : flat(b), add = shortcut == null ? null : flat(shortcut);
            int oh = (int) y.size(1), ow = (int) y.size(2);
            double[] out = new double[N * oh * ow * F];
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        for (int f = 0; f < F; f++) {
                            double sum = bs[f];
                            for (int u = 0; u < k; u++) {
                                for (int t = 0; t < k; t++) {
                                    int h = s * i - p + u, l = s * j - p + t;
                                    if (h < 0 || h >= H || l < 0 || l >= W) {
                                        continue;
                                    }
                                    for (int c = 0; c < C; c++) {
                                        sum += ws[((f * C + c) * k + u) * k + t] * xs[((n * H + h) * W + l) * C + c];
                                    }
                                }
                            }
                            int o = ((n * oh + i) * ow + j) * F + f;
                            double r = g[f] * (sum - m[f]) / Math.sqrt(v[f] + EPSILON) + sh[f] + (add == null ? 0 : add[o]);
                            out[o] = relu ? Math.max(0, r) : r;
                        }
                    }
                }
            }
            return out;
        }
    }

    @ParameterizedTest
    @CsvSource({"3, 1, 1, false, false, true", "3, 1, 1, false, true, true", "3, 2, 1, false, false, true",
            "1, 2, 0, false, false, false", "3, 1, 1, true, true, false", "3, 1, 0, true, false, true"})
    void foldedInFloatEqualsTheNaiveReference(int k, int s, int p, boolean bias, boolean shortcut, boolean relu) {
        Case c = Case.of(k, s, p, bias, shortcut, DataType.FLOAT);
        ConvBatchNorm kernel = c.kernel();
        ConvEngine.Folded engine = kernel.engineFor(c.x, c.w, c.b, c.gamma, c.beta, c.mean, c.var, c.lin, c.shortcut, c.y);
        assertEquals(Dnnl.available() ? ConvEngine.Folded.ONEDNN_FOLDED : ConvEngine.Folded.UNFOLDED, engine);
        c.run(kernel, relu);
        assertClose(c.naive(relu), c.y, 2e-6, "y");
    }

    @ParameterizedTest
    @CsvSource({"3, 1, 1, false, true, true", "1, 2, 0, true, false, false"})
    void unfoldedInDoubleEqualsTheNaiveReference(int k, int s, int p, boolean bias, boolean shortcut, boolean relu) {
        Case c = Case.of(k, s, p, bias, shortcut, DataType.DOUBLE);
        ConvBatchNorm kernel = c.kernel();
        assertEquals(ConvEngine.Folded.UNFOLDED,
                kernel.engineFor(c.x, c.w, c.b, c.gamma, c.beta, c.mean, c.var, c.lin, c.shortcut, c.y));
        c.run(kernel, relu);
        assertClose(c.naive(relu), c.y, 1e-12, "y");
    }

    @Test
    void everyCallReadsTheParametersAndStatisticsAsTheyAreNow() {
        Case c = Case.of(3, 1, 1, true, true, DataType.FLOAT);
        ConvBatchNorm kernel = c.kernel();
        c.run(kernel, true);
        c.w.muli(-0.5);
        c.b.addi(0.25);
        c.gamma.muli(2);
        c.beta.subi(0.5);
        c.mean.addi(0.1);
        c.var.muli(3);
        c.run(kernel, true);
        assertClose(c.naive(true), c.y, 2e-6, "y after every input changed in place");
    }

    @Test
    void aStatisticOfTheWrongLengthIsAClearError() {
        Case c = Case.of(3, 1, 1, false, false, DataType.FLOAT);
        INDArray shortMean = Nd4j.create(DataType.FLOAT, F - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.kernel().forward(c.x, c.w, null, c.gamma, c.beta, shortMean, c.var, c.lin, c.y, true));
        assertTrue(e.getMessage().startsWith("ConvBatchNorm.forward: runningMean"), e.getMessage());
    }
}
