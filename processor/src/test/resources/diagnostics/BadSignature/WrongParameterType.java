package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer's inputs must be INDArray. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface WrongParameterType {
    @Flatten @Dense(units = 10)
    INDArray logits(float[] input);
}
