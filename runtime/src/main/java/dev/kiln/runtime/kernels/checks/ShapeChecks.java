package dev.kiln.runtime.kernels.checks;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The argument checks the kernels share, each an {@link IllegalArgumentException} that names the
 * call, the argument, what was expected and what came; and shapes as those messages print them.
 */
public final class ShapeChecks {
    private ShapeChecks() {}

    /** {@code a} (called {@code name}) must have the shape of {@code ref} (called {@code refName}). */
    public static void requireSameShape(String where, String name, INDArray a, String refName, INDArray ref) {
        if (!Arrays.equals(a.shape(), ref.shape())) {
            throw new IllegalArgumentException(where + ": " + name + " must have the shape of " + refName + " "
                    + shape(ref) + ", but is " + shape(a));
        }
    }

    /** The window rules max and average pooling share: size and stride at least 1, padding at most half the window. */
    public static void requirePoolWindow(String kernel, int size, int stride, int padding) {
        if (size < 1 || stride < 1 || padding < 0 || 2 * padding > size) {
            throw new IllegalArgumentException(kernel + ": size and stride must be ≥ 1 and padding between 0 and size/2,"
                    + " but got size " + size + ", stride " + stride + ", padding " + padding);
        }
    }

    /** {@code [2,3,5,5]}: an array's shape as error messages print it. */
    public static String shape(INDArray a) {
        return shape(a.shape());
    }

    /** {@code [2,3,5,5]}: a shape as error messages print it. */
    public static String shape(long[] s) {
        return Arrays.toString(s).replace(" ", "");
    }
}
