package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Conv.BLOCK_STRIDE in a model, where there is no block stride. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface BlockStrideOutsideBlock {
    @Conv(filters = 4, kernel = 3,
            stride = Conv.BLOCK_STRIDE)
    INDArray conv(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray conv);
}
