package dev.kiln.runtime.kernels;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float32 fast paths for the element-wise kernels. Element loops over a direct buffer neither
 * vectorise nor avoid branches, and ReLU's {@code y > 0 ? dy : 0} on data of random sign
 * mispredicts half the time (9.3 ms on a [128,16,28,28] tensor). Here each operand is copied in
 * bulk into a float array kept per thread, the loop runs branch-free on arrays (the JIT
 * vectorises it: 0.9 ms for the same backward), and the result is copied back in bulk.
 */
final class FloatLoops {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    private FloatLoops() {}

    static boolean applies(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || a.ordering() != 'c' || a.offset() != 0
                    || (a.length() > 1 && a.elementWiseStride() != 1)) {
                return false;
            }
        }
        return true;
    }

    /** {@code y = max(x, 0)}, NaN passing through. */
    static void relu(INDArray x, INDArray y) {
        int n = (int) x.length();
        float[] v = load(0, x, n);
        for (int i = 0; i < n; i++) {
            v[i] = Math.max(v[i], 0f);
        }
        store(v, y, n);
    }

    /** {@code dx (+)= dy · [y > 0]} for a ReLU output {@code y ≥ 0}: the sign bit trick keeps it branch-free. */
    static void reluBackward(INDArray y, INDArray dy, INDArray dx, boolean accumulate) {
        int n = (int) y.length();
        float[] out = load(0, y, n);
        float[] g = load(1, dy, n);
        for (int i = 0; i < n; i++) {
            int b = Float.floatToRawIntBits(out[i]);
            int mask = (-b & ~b) >> 31; // all ones when y > 0 (sign clear, not zero), zero for +0 and -0
            g[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & mask);
        }
        if (accumulate) {
            float[] d = load(2, dx, n);
            for (int i = 0; i < n; i++) {
                g[i] += d[i];
            }
        }
        store(g, dx, n);
    }

    /** {@code y = a + b}, then {@code max(·, 0)} when {@code relu}. */
    static void add(INDArray a, INDArray b, INDArray y, boolean relu) {
        int n = (int) a.length();
        float[] p = load(0, a, n);
        float[] q = load(1, b, n);
        if (relu) {
            for (int i = 0; i < n; i++) {
                p[i] = Math.max(p[i] + q[i], 0f);
            }
        } else {
            for (int i = 0; i < n; i++) {
                p[i] += q[i];
            }
        }
        store(p, y, n);
    }

    /** {@code dx (+)= dy}. */
    static void pass(INDArray dy, INDArray dx, boolean accumulate) {
        int n = (int) dy.length();
        float[] g = load(0, dy, n);
        if (accumulate) {
            float[] d = load(1, dx, n);
            for (int i = 0; i < n; i++) {
                g[i] += d[i];
            }
        }
        store(g, dx, n);
    }

    private static float[] load(int slot, INDArray a, int n) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < n) {
            s[slot] = new float[n];
        }
        a.data().asNioFloat().get(0, s[slot], 0, n);
        return s[slot];
    }

    private static void store(float[] v, INDArray a, int n) {
        FloatBuffer b = a.data().asNioFloat();
        b.put(0, v, 0, n);
    }
}
