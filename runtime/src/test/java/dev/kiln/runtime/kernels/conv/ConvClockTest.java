package dev.kiln.runtime.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.kernels.Conv2d;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConvClockTest {
    @Test
    void countsConvolutionTimeOnlyWhileOn() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 16, 16);
        INDArray w = Nd4j.rand(DataType.FLOAT, 8, 3, 3, 3);
        INDArray y = Nd4j.create(DataType.FLOAT, 4, 8, 16, 16);
        INDArray dx = x.ulike();
        INDArray dw = w.ulike();
        Conv2d conv = new Conv2d(3, 1, 1, 1);
        try {
            ConvClock.enable(false);
            ConvClock.reset();
            conv.forward(x, w, null, y);
            assertEquals(0, ConvClock.nanos(), "off: nothing counted");
            ConvClock.enable(true);
            long t0 = System.nanoTime();
            conv.forward(x, w, null, y);
            conv.backward(x, w, y, dx, true, dw, null);
            long wall = System.nanoTime() - t0;
            long counted = ConvClock.nanos();
            assertTrue(counted > 0 && counted <= wall, "counted " + counted + " ns of a " + wall + " ns wall");
            ConvClock.enable(false);
            conv.forward(x, w, null, y);
            assertEquals(counted, ConvClock.nanos(), "off again: the sum stays");
        } finally {
            ConvClock.enable(false);
            ConvClock.reset();
        }
    }
}
