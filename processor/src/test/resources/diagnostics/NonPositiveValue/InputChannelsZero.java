package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Input with channels zero: not a positive number. */
@Model(input = @Input(height = 8, width = 8,
        channels = 0))
public interface InputChannelsZero {
    @Flatten @Dense(units = 10)
    INDArray logits(INDArray input);
}
