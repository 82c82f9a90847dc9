package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Positions of the first non-finite element, in the order of the array's shape, for dense arrays and views. */
class NonFiniteTest {
    @Test
    void namesThePositionInADenseArray() {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);
        a.putScalar(new long[] {1, 2, 0}, Float.NaN);
        assertEquals(20, NonFinite.firstIndex(a));
        assertEquals(Optional.of("x[1, 2, 0] is NaN"), NonFinite.describe("x", a));
        assertEquals(-1, NonFinite.firstIndex(Nd4j.ones(DataType.DOUBLE, 3)));
    }

    /** A channels-last buffer seen as NCHW (what outputs() holds) is read in NCHW order. */
    @Test
    void namesTheNchwPositionInAPermutedChannelsLastBuffer() {
        INDArray nhwc = Nd4j.zeros(DataType.FLOAT, 2, 4, 5, 3);
        nhwc.putScalar(new long[] {1, 3, 2, 0}, Float.POSITIVE_INFINITY);
        nhwc.putScalar(new long[] {1, 0, 0, 2}, Float.NaN);
        INDArray nchw = nhwc.permute(0, 3, 1, 2);
        assertEquals(Optional.of("out[1, 0, 3, 2] is Infinity"), NonFinite.describe("out", nchw));
    }

    @Test
    void readsASubArrayView() {
        INDArray a = Nd4j.zeros(DataType.DOUBLE, 4, 5);
        a.putScalar(new long[] {2, 1}, Double.NaN);
        INDArray rows = a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertEquals(Optional.of("r[0, 1] is NaN"), NonFinite.describe("r", rows));
    }
}
