package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Model on an abstract class instead of an interface. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public abstract class NotAnInterface {
    @Flatten @Dense(units = 10)
    abstract INDArray logits(INDArray input);
}
