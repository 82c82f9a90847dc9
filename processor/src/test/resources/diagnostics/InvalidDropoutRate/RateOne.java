package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Dropout rate = 1.0. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface RateOne {
    @Flatten @Dense(units = 32) @Relu
    @Dropout(rate = 1.0)
    INDArray hidden(INDArray input);

    @Dense(units = 10)
    INDArray logits(INDArray hidden);
}
