package dev.kiln.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nd4j.linalg.api.ndarray.INDArray;

/** An array's elements as plain doubles, and their comparison with a reference within a relative tolerance. */
public final class ArrayAsserts {
    private ArrayAsserts() {}

    /** {@code a}'s elements in row-major order, as doubles. */
    public static double[] flat(INDArray a) {
        double[] v = new double[(int) a.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.getDouble(i);
        }
        return v;
    }

    /** Every element of {@code actual} within {@code tolerance · max(1, |expected|)} of {@code expected}'s, same length. */
    public static void assertClose(double[] expected, INDArray actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length(), what + " length");
        for (int i = 0; i < expected.length; i++) {
            double a = actual.getDouble(i);
            assertTrue(Math.abs(expected[i] - a) <= tolerance * Math.max(1, Math.abs(expected[i])),
                    what + "[" + i + "]: expected " + expected[i] + " but got " + a);
        }
    }
}
