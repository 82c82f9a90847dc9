package dev.kiln.runtime.data;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One set of batch arrays, allocated once and refilled: a {@link Batch} and the NIO views of its
 * two arrays' memory (dense row-major), taken once so that filling allocates nothing.
 */
final class Slot {
    final Batch batch;
    final FloatBuffer features;
    final IntBuffer labels;

    Slot(int size, int channels, int height, int width) {
        INDArray f = Nd4j.create(DataType.FLOAT, size, channels, height, width);
        INDArray l = Nd4j.create(DataType.INT32, size);
        this.batch = new Batch(f, l);
        this.features = f.data().asNioFloat();
        this.labels = l.data().asNioInt();
    }

    int size() {
        return batch.size();
    }
}
