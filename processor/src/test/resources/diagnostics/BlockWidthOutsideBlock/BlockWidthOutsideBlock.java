package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Conv without filters in a model, where there is no block width. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface BlockWidthOutsideBlock {
    @Conv(kernel = 3)
    INDArray conv(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray conv);
}
