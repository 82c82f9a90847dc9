package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @BatchNorm momentum 2.0, outside [0, 1]. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface MomentumTwo {
    @Conv(filters = 4, kernel = 3)
    @BatchNorm(momentum = 2.0)
    INDArray conv(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray conv);
}
