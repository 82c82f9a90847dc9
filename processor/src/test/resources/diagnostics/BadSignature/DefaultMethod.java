package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer is abstract; a default method has a body. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface DefaultMethod {
    @Flatten @Dense(units = 10)
    default INDArray logits(INDArray input) {
        return input;
    }
}
