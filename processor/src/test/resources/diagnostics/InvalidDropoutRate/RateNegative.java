package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Dropout rate = -0.1. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface RateNegative {
    @Flatten @Dense(units = 32) @Relu
    @Dropout(rate = -0.1)
    INDArray hidden(INDArray input);

    @Dense(units = 10)
    INDArray logits(INDArray hidden);
}
