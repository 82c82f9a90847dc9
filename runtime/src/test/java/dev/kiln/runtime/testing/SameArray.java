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

    private static ByteBuffer bytes(INDArray a) {
        if (a.isEmpty()) {
            return ByteBuffer.allocate(0);
        }
        INDArray c = a.dup('c');
        ByteBuffer b = c.data().asNio();
        return b.slice(0, (int) (c.length() * c.dataType().width()));
    }
}
