package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An element-wise sum of a single input. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface MergeNeedsTwoInputs {
    @Conv(filters = 4, kernel = 3)
    INDArray conv(INDArray input);

    @Add
    @Relu
    INDArray sum(INDArray conv);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray sum);
}
