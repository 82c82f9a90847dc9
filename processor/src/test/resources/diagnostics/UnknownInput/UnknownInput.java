package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A parameter named conv where the layer is conv1. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface UnknownInput {
    @Conv(filters = 4, kernel = 3)
    INDArray conv1(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray conv);
}
