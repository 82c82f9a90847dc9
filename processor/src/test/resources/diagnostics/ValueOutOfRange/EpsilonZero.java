package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @BatchNorm epsilon 0, not greater than 0. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface EpsilonZero {
    @Conv(filters = 4, kernel = 3)
    @BatchNorm(epsilon = 0)
    INDArray conv(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray conv);
}
