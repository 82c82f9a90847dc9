package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Conv with expansion zero: not a positive number. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface ConvExpansionZero {
    @Conv(filters = 4, kernel = 3,
            expansion = 0)
    INDArray layer(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray layer);
}
