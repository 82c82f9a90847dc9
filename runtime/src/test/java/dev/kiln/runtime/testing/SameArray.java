package dev.kiln.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Exact comparison of arrays: type, shape and every bit of every element (NaN payloads and −0 included). */
public final class SameArray {
    private SameArray() {}

    public static void assertIdentical(INDArray expected, INDArray actual, String what) {
        assertEquals(expected.dataType(), actual.dataType(), what + ": type");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(bytes(expected), bytes(actual), what + ": elements");
    }

    /** Whether the two are identical: the same type, shape and bits. */
    public static boolean identical(INDArray expected, INDArray actual) {
        return expected.dataType() == actual.dataType() && java.util.Arrays.equals(expected.shape(), actual.shape())
                && bytes(expected).equals(bytes(actual));
    }

    private static ByteBuffer bytes(INDArray a) {
        if (a.isEmpty()) {
            return ByteBuffer.allocate(0);
        }
        INDArray c = a.dup('c');
        ByteBuffer b = c.data().asNio();
        return b.slice(0, (int) (c.length() * c.dataType().width()));
    }
}
