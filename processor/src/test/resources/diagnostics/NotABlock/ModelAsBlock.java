package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Residual names a @Model, not a @Block. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface ModelAsBlock {
    @Residual(filters = 4,
            block = Small.class)
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);

    @Model(input = @Input(channels = 4, height = 8, width = 8))
    interface Small {
        @Flatten @Dense(units = 10)
        INDArray logits(INDArray input);
    }
}
