package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A method named input. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface ReservedName {
    @Conv(filters = 4, kernel = 3)
    INDArray input(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray input);
}
