package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** a reads b and b reads a. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface LayerCycle {
    @Conv(filters = 4, kernel = 3)
    INDArray stem(INDArray input);

    @Add
    INDArray a(INDArray stem, INDArray b);

    @Relu
    INDArray b(INDArray a);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray b);
}
