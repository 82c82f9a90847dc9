package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer reads at least one input. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface NoParameters {
    @Flatten @Dense(units = 10)
    INDArray logits();
}
