package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Labels are read as the array holds them, whatever its type, layout or view. */
class InputsTest {
    private static int[] read(INDArray labels, int batch) {
        int[] out = new int[batch];
        Inputs.labels("Net", labels, batch, 20, out);
        return out;
    }

    @Test
    void labelsOfEveryTypeAndShapeAreRead() {
        assertArrayEquals(new int[] {3, 1, 4}, read(Nd4j.createFromArray(3, 1, 4), 3));
        assertArrayEquals(new int[] {3, 1, 4}, read(Nd4j.createFromArray(3L, 1L, 4L), 3));
        assertArrayEquals(new int[] {3, 1, 4}, read(Nd4j.createFromArray(3f, 1f, 4f).reshape(3, 1), 3));
        assertArrayEquals(new int[] {3, 1, 4}, read(Nd4j.createFromArray(3.0, 1.0, 4.0), 3));
    }

    @Test
    void viewsAreReadFromWhereTheyStartAndWithTheirStride() {
        INDArray all = Nd4j.arange(10).castTo(DataType.INT);
        assertArrayEquals(new int[] {3, 4, 5, 6}, read(all.get(NDArrayIndex.interval(3, 7)), 4));
        INDArray matrix = Nd4j.arange(12).castTo(DataType.LONG).reshape(4, 3);
        assertArrayEquals(new int[] {1, 4, 7, 10}, read(matrix.getColumn(1), 4));
        assertArrayEquals(new int[] {6, 7, 8}, read(matrix.getRow(2), 3));
    }

    @Test
    void aLabelOutsideTheClassesIsRefusedWithItsIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(Nd4j.createFromArray(1, 25), 2));
        assertTrue(e.getMessage().contains("label 1 is 25.0"), e.getMessage());
    }
}
