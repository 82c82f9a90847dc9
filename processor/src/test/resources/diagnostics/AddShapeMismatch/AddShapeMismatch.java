package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Adds 4 channels to 8 channels. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface AddShapeMismatch {
    @Conv(filters = 4, kernel = 3)
    INDArray narrow(INDArray input);

    @Conv(filters = 8, kernel = 3)
    INDArray wide(INDArray input);

    @Add
    INDArray sum(INDArray narrow, INDArray wide);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray sum);
}
