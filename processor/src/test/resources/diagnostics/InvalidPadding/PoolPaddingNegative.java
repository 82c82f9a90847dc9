package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A negative pool padding. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface PoolPaddingNegative {
    @Pool(size = 2,
            padding = -1)
    INDArray pool(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray pool);
}
