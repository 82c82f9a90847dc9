package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Model(params) says 1,000, the layers have 650. */
@Model(input = @Input(channels = 1, height = 8, width = 8),
        params = 1_000)
public interface ParamCountMismatch {
    @Flatten @Dense(units = 10)
    INDArray logits(INDArray input);
}
