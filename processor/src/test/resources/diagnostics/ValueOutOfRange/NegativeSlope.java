package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @LeakyRelu slope -0.5, below 0. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface NegativeSlope {
    @Conv(filters = 4, kernel = 3)
    @LeakyRelu(slope = -0.5)
    INDArray conv(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray conv);
}
