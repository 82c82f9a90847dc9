package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Conv and @Dense on one method. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface ConvAndDense {
    @Conv(filters = 4, kernel = 3)
    @Dense(units = 32)
    INDArray mixed(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray mixed);
}
