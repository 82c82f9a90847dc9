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

class ConcatTest {
    private static final int N = 2, H = 3, W = 4;
    private static final int[] CHANNELS = {2, 1, 3};

    private static INDArray[] inputs(long seed, int... trailing) {
        INDArray[] xs = new INDArray[CHANNELS.length];
        for (int k = 0; k < xs.length; k++) {
            long[] shape = new long[2 + trailing.length];
            shape[0] = N;
            shape[1] = CHANNELS[k];
            for (int d = 0; d < trailing.length; d++) {
                shape[2 + d] = trailing[d];
            }
            xs[k] = random(seed + k, shape);
        }
        return xs;
    }

    /** y[n, o_k + c, s] = x_k[n, c, s], with s the flattened trailing dimensions of size {@code inner}. */
    private static double[] naive(INDArray[] xs, int inner) {
        int total = 0;
        for (INDArray x : xs) {
            total += (int) x.size(1);
        }
        double[] y = new double[N * total * inner];
        int offset = 0;
        for (INDArray x : xs) {
            int c = (int) x.size(1);
            double[] v = flat(x);
            for (int n = 0; n < N; n++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int s = 0; s < inner; s++) {
                        y[(n * total + offset + ch) * inner + s] = v[(n * c + ch) * inner + s];
                    }
                }
            }
            offset += c;
        }
        return y;
    }

    @Test
    void forwardMatchesPlainLoopsAndNd4jForNchwAndNf() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray[] images = inputs(1, H, W), features = inputs(5);
            for (int k = 0; k < images.length; k++) {
                images[k] = images[k].castTo(type);
                features[k] = features[k].castTo(type);
            }
            INDArray y = Nd4j.create(type, N, 6, H, W), f = Nd4j.create(type, N, 6);
            Concat.forward(images, y);
            Concat.forward(features, f);
            assertClose(naive(images, H * W), y, 0, type + " [N,C,H,W]");
            assertClose(naive(features, 1), f, 0, type + " [N,F]");
            assertClose(flat(Nd4j.concat(1, images)), y, 0, type + " [N,C,H,W] against Nd4j.concat");
            assertClose(flat(Nd4j.concat(1, features)), f, 0, type + " [N,F] against Nd4j.concat");
        }
    }

    @Test
    void backwardExtractsChannelsAndHonoursAccumulate() {
        INDArray dy = random(9, N, 6, H, W);
        double[] g = flat(dy);
        INDArray dx = Nd4j.valueArrayOf(new long[] {N, 3, H, W}, 0.5, DataType.DOUBLE);
        double[] expected = new double[N * 3 * H * W];
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < 3; c++) {
                for (int s = 0; s < H * W; s++) {
                    expected[(n * 3 + c) * H * W + s] = g[(n * 6 + 3 + c) * H * W + s];
                }
            }
        }
        Concat.backward(dy, 3, dx, true);
        assertClose(flat(Nd4j.createFromArray(expected).add(0.5)), dx, 1e-15, "accumulated dx");
        Concat.backward(dy, 3, dx, false);
        assertClose(expected, dx, 0, "overwritten dx");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        INDArray[] xs = inputs(10, H, W);
        INDArray y = Nd4j.create(DataType.DOUBLE, N, 6, H, W), dy = random(20, N, 6, H, W);
        Concat.forward(xs, y);
        int offset = 0;
        for (int k = 0; k < xs.length; k++) {
            INDArray dx = Nd4j.create(DataType.DOUBLE, xs[k].shape());
            Concat.backward(dy, offset, dx, false);
            double err = GradientCheck.check("Concat dxs[" + k + "]", () -> Concat.forward(xs, y), y, dy, xs[k], dx);
            assertTrue(err < GradientCheck.TOLERANCE, "relative error " + err);
            offset += CHANNELS[k];
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        INDArray[] xs = {random(1, N, 2, H, W), random(2, N, 1, H, W + 1)};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Concat.forward(xs, Nd4j.create(DataType.DOUBLE, N, 3, H, W)));
        assertEquals("Concat.forward: xs[1] must be [2,*,3,4] like y [2,3,3,4], but is [2,1,3,5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Concat.forward(inputs(3, H, W), Nd4j.create(DataType.DOUBLE, N, 7, H, W)));
        assertEquals("Concat.forward: y must have 6 channels (the sum of the inputs'), but is [2,7,3,4]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Concat.backward(random(4, N, 6), 4, Nd4j.create(DataType.DOUBLE, N, 3), false));
        assertEquals("Concat.backward: channels [4, 7) must lie within dy's 6 channels, but do not", e.getMessage());
    }
}
