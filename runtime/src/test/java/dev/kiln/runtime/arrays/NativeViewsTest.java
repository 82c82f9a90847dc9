package dev.kiln.runtime.arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeViewsTest {
    @Test
    void theSameArrayGetsTheSameViewAndItsWritesLandInTheArray() {
        INDArray a = Nd4j.create(DataType.FLOAT, 3, 4);
        Buf first = Buf.of(a);
        assertSame(first, Buf.of(a));
        first.set(5, 2.5);
        assertEquals(2.5f, a.getFloat(1, 1));
        assertSame(NativeViews.floatsOf(a), NativeViews.floatsOf(a));
    }

    @Test
    void differentArraysGetTheirOwnViewsAndAnotherArrayOverTheSameMemoryTheSameOne() {
        INDArray a = Nd4j.arange(12).castTo(DataType.DOUBLE).reshape(3, 4);
        INDArray b = a.dup();
        Buf viewOfA = Buf.of(a);
        assertNotSame(viewOfA, Buf.of(b));
        b.putScalar(0, 0, 100.0);
        assertEquals(0.0, viewOfA.get(0));
        assertEquals(100.0, Buf.of(b).get(0));
        INDArray sameMemory = a.reshape(4, 3);
        assertSame(viewOfA, Buf.of(sameMemory), "a new array object over the same memory finds the view made before");
        assertEquals(11.0, Buf.of(sameMemory).get(11));
    }

    @Test
    void viewsStayCorrectPastTheTablesGrowthAndClearing() {
        List<INDArray> arrays = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            INDArray a = Nd4j.create(DataType.FLOAT, 2);
            a.putScalar(0, i);
            arrays.add(a);
            assertEquals(i, Buf.of(a).get(0), "array " + i);
        }
        for (int i = 0; i < arrays.size(); i += 997) {
            assertEquals(i, Buf.of(arrays.get(i)).get(0), "array " + i + " again");
        }
    }

    @Test
    void eachThreadHasItsOwnTable() throws Exception {
        INDArray a = Nd4j.create(DataType.FLOAT, 8);
        FloatBuffer here = NativeViews.floatsOf(a);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<FloatBuffer> there = other.submit(() -> NativeViews.floatsOf(a));
            assertNotSame(here, there.get());
            there.get().put(3, 7f);
            assertEquals(7f, here.get(3), "both views show the same memory");
        } finally {
            other.shutdownNow();
        }
    }
}
