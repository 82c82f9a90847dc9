package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Two inputs and no @Add or @Concat. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface MissingMerge {
    @Conv(filters = 4, kernel = 3)
    INDArray left(INDArray input);

    @Conv(filters = 4, kernel = 3)
    INDArray right(INDArray input);

    @Relu
    INDArray joined(INDArray left, INDArray right);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray joined);
}
