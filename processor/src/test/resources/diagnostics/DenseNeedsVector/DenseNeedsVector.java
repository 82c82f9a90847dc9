package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Dense straight on a feature map. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface DenseNeedsVector {
    @Conv(filters = 4, kernel = 3)
    INDArray conv(INDArray input);

    @Dense(units = 10)
    INDArray logits(INDArray conv);
}
