package dev.kiln.runtime.io;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shapes and arrays as messages print them: {@code [16,3,3,3]}, {@code [16,3,3,3] FLOAT}. */
final class Shapes {
    private Shapes() {}

    static String text(long[] shape) {
        return Arrays.toString(shape).replace(" ", "");
    }

    static String describe(INDArray a) {
        return text(a.shape()) + " " + a.dataType();
    }
}
