package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The model ends with a feature map, not class scores. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface OutputNotVector {
    @Conv(filters = 4, kernel = 3)
    INDArray conv(INDArray input);

    @Conv(filters = 10, kernel = 1)
    INDArray logits(INDArray conv);
}
