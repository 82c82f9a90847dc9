package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Residual names a class that does not exist. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface MissingBlock {
    @Residual(filters = 4,
            block = NoSuchBlock.class)
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);
}
