package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An interface that is both a model and a block. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
@Block
public interface BlockUsedAsModel {
    @Flatten @Dense(units = 10)
    INDArray logits(INDArray input);
}
