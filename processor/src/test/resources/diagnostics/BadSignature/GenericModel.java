package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A model has no type parameters. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface GenericModel<T> {
    @Flatten @Dense(units = 10)
    INDArray logits(INDArray input);
}
