package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer method has no type parameters. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface GenericMethod {
    @Flatten @Dense(units = 10)
    <T> INDArray logits(INDArray input);
}
