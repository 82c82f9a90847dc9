package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Pool with size zero: not a positive number. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface PoolSizeZero {
    @Pool(type = PoolType.MAX,
            size = 0)
    INDArray layer(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray layer);
}
