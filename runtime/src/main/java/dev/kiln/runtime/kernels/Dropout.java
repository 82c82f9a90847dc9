package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inverted dropout with rate {@code r}: in training each element is kept with probability 1 − r
 * and scaled by 1/(1 − r), so inference is the identity.
 *
 * <pre>
 * forward    m[i] ~ Bernoulli(1 − r),   y[i]  = m[i] · x[i] / (1 − r)       (r = 1: y = 0)
 * backward                              dx[i] = m[i] · dy[i] / (1 − r)      with the mask of the last forward
 * inference                             y = x
 * </pre>
 *
 * Shapes: any; x, y, dy and dx all alike. The mask comes from this instance's own generator
 * (SplitMix64 over one {@code long} of state: no allocation, same seed ⇒ same masks) and is kept
 * in a {@code boolean[]} owned here, reallocated only when the size changes. {@link #state()} and
 * {@link #restore(long)} save and resume the generator for checkpoints.
 */
public final class Dropout {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final double rate;
    private final double scale;
    private long state;
    private boolean[] mask;

    public Dropout(double rate, long seed) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1], but got " + rate);
        }
        this.rate = rate;
        this.scale = rate == 1 ? 0 : 1 / (1 - rate);
        reseed(seed);
    }

    /** Restarts the generator from {@code seed}: the masks that follow are those of a new {@code Dropout(rate, seed)}. */
    public void reseed(long seed) {
        state = mix(seed);
    }

    /** The generator's current state, to be given back to {@link #restore(long)}. */
    public long state() {
        return state;
    }

    /** Resumes the generator from a {@link #state()}. */
    public void restore(long state) {
        this.state = state;
    }

    /** {@link #forward(INDArray, INDArray)} when {@code training}, else {@link #inference}: one call for both modes. */
    public void forward(boolean training, INDArray x, INDArray y) {
        if (training) {
            forward(x, y);
        } else {
            inference(x, y);
        }
    }

    /** Training: draws a new mask and writes y = m · x / (1 − r); {@code y} may be {@code x}. */
    public void forward(INDArray x, INDArray y) {
        check("Dropout.forward", "x", x, "y", y);
        Buf xb = Buf.of(x);
        Buf yb = Buf.of(y);
        int n = xb.length();
        if (mask == null || mask.length != n) {
            mask = new boolean[n];
        }
        long s = state;
        for (int i = 0; i < n; i++) {
            s += GOLDEN_GAMMA;
            boolean keep = (mix(s) >>> 11) * 0x1.0p-53 >= rate;
            mask[i] = keep;
            yb.set(i, keep ? xb.get(i) * scale : 0);
        }
        state = s;
    }

    /** Inference: y = x (nothing is copied when they are the same array). */
    public void inference(INDArray x, INDArray y) {
        check("Dropout.inference", "x", x, "y", y);
        if (x != y) {
            y.assign(x);
        }
    }

    /** dx = m · dy / (1 − r) with the last forward's mask (overwritten, or added when {@code accumulate}); {@code dy} may be {@code dx} when not accumulating. */
    public void backward(INDArray dy, INDArray dx, boolean accumulate) {
        check("Dropout.backward", "dy", dy, "dx", dx);
        if (mask == null || mask.length != dy.length()) {
            throw new IllegalStateException("Dropout.backward: forward must run first on an array of dy's size "
                    + dy.length() + (mask == null ? "" : ", but the last mask has " + mask.length + " elements"));
        }
        if (accumulate && dy == dx) {
            throw new IllegalArgumentException("Dropout.backward: dy and dx may be the same array only when not accumulating");
        }
        Buf dyb = Buf.of(dy);
        Buf dxb = Buf.of(dx);
        for (int i = 0, n = dxb.length(); i < n; i++) {
            dxb.put(i, mask[i] ? dyb.get(i) * scale : 0, accumulate);
        }
    }

    /** SplitMix64's finaliser: a bijection of 64-bit values whose outputs look independent. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static void check(String where, String aName, INDArray a, String bName, INDArray b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(where + ": " + bName + " must have " + aName + "'s shape "
                    + Arrays.toString(a.shape()).replace(" ", "") + ", but is " + Arrays.toString(b.shape()).replace(" ", ""));
        }
    }
}
