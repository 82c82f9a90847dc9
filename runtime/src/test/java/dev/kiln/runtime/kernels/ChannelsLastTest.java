package dev.kiln.runtime.kernels;

import static dev.kiln.runtime.testing.ArrayAsserts.assertClose;
import static dev.kiln.runtime.testing.ArrayAsserts.flat;
import static dev.kiln.runtime.testing.GradientCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link ChannelsLast#fromNchw} against ND4J's permute, for dense inputs, views and another data type. */
class ChannelsLastTest {
    @Test
    void copiesWhatThePermutedViewHolds() {
        INDArray x = random(1, 2, 3, 4, 5);
        INDArray[] inputs = {x, x.castTo(DataType.FLOAT), x.dup('f'), random(2, 2, 3, 4, 10).get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5))};
        for (INDArray in : inputs) {
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                INDArray out = Nd4j.create(type, 2, 4, 5, 3);
                ChannelsLast.fromNchw(in, out);
                assertClose(flat(in.permute(0, 2, 3, 1).dup('c')), out, type == DataType.FLOAT ? 1e-7 : 0,
                        in.dataType() + " " + in.ordering() + " into " + type);
            }
        }
    }

    @Test
    void rejectsAShapeThatIsNotThePermutation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelsLast.fromNchw(random(3, 2, 3, 4, 5), Nd4j.create(DataType.DOUBLE, 2, 3, 4, 5)));
        assertEquals("ChannelsLast.fromNchw: nhwc must be nchw's [N,C,H,W] as [N,H,W,C], but got nchw [2,3,4,5] "
                + "and nhwc [2,3,4,5]", e.getMessage());
    }
}
