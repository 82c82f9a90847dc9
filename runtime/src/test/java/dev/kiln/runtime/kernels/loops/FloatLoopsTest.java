package dev.kiln.runtime.kernels.loops;

import static dev.kiln.runtime.testing.ArrayAsserts.assertClose;
import static dev.kiln.runtime.testing.ArrayAsserts.flat;
import static dev.kiln.runtime.testing.GradientCheck.random;

import dev.kiln.runtime.kernels.Add;
import dev.kiln.runtime.kernels.Grad;
import dev.kiln.runtime.kernels.Relu;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float32 element-wise paths on tensors of several chunks and a ragged tail, so that both
 * threads and the last partial chunk run, against plain loops in double; in place too.
 */
class FloatLoopsTest {
    private static final long LENGTH = 3L * FloatLoops.CHUNK + 123;

    private static INDArray tensor(long seed) {
        return random(seed, 3, LENGTH / 3).castTo(DataType.FLOAT);
    }

    @Test
    void reluAndItsBackwardMatchPlainLoops() {
        INDArray x = tensor(1), dy = tensor(2), dx = tensor(3);
        double[] xs = flat(x), dys = flat(dy), before = flat(dx);
        double[] y = new double[xs.length], masked = new double[xs.length], added = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            y[i] = Math.max(xs[i], 0);
            masked[i] = xs[i] > 0 ? dys[i] : 0;
            added[i] = before[i] + masked[i];
        }
        Relu.forward(x, x);
        assertClose(y, x, 0, "relu in place");
        Relu.backward(x, dy, dx, true);
        assertClose(added, dx, 1e-6, "relu backward, accumulated");
        Relu.backward(x, dy, dy, false);
        assertClose(masked, dy, 0, "relu backward in place over dy");
    }

    @Test
    void addAndPassMatchPlainLoops() {
        INDArray a = tensor(4), b = tensor(5), d = tensor(6);
        double[] as = flat(a), bs = flat(b), ds = flat(d);
        double[] sum = new double[as.length], sumRelu = new double[as.length], accumulated = new double[as.length];
        for (int i = 0; i < as.length; i++) {
            sum[i] = (float) (as[i] + bs[i]);
            sumRelu[i] = Math.max(sum[i], 0);
            accumulated[i] = (float) (ds[i] + bs[i]);
        }
        INDArray y = a.ulike();
        Add.forward(a, b, y, false);
        assertClose(sum, y, 0, "a + b");
        Add.forward(a, b, a, true);
        assertClose(sumRelu, a, 0, "relu(a + b) into a");
        Grad.pass(b, d, true);
        assertClose(accumulated, d, 0, "d += b");
        Grad.pass(b, d, false);
        assertClose(bs, d, 0, "d = b");
    }
}
