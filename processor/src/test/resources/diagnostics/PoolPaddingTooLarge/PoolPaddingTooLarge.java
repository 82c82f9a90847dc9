package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Pool padding 2 on a 2-wide window: more than half the window. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface PoolPaddingTooLarge {
    @Pool(size = 2,
            padding = 2)
    INDArray pool(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray pool);
}
