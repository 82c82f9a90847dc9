package dev.kiln.runtime.arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link Buf} views kept per slot: a kernel called on the same arrays every time (its parameters,
 * its own scratch) makes each view once instead of once a call, which saves a native call and
 * the garbage of a buffer object per array and call. A slot given another array makes a new view.
 */
public final class BufViews {
    private final INDArray[] arrays;
    private final Buf[] views;

    public BufViews(int slots) {
        arrays = new INDArray[slots];
        views = new Buf[slots];
    }

    /** The view of {@code a} in slot {@code slot}: the one made before when the slot last held {@code a}. */
    public Buf of(int slot, INDArray a) {
        if (arrays[slot] != a) {
            views[slot] = Buf.of(a);
            arrays[slot] = a;
        }
        return views[slot];
    }
}
