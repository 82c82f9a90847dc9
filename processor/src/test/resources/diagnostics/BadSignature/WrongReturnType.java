package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer method must return INDArray. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface WrongReturnType {
    @Flatten @Dense(units = 10)
    double[] logits(INDArray input);
}
