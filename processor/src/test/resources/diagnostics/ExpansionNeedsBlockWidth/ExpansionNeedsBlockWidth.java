package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** expansion multiplies the block width, but filters is given too. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface ExpansionNeedsBlockWidth {
    @Residual(block = Bottleneck.class, filters = 4)
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);

    @Block
    interface Bottleneck {
        @Conv(kernel = 1) @BatchNorm @Relu
        INDArray reduce(INDArray input);

        @Conv(filters = 16, kernel = 1,
                expansion = 4)
        INDArray expand(INDArray reduce);
    }
}
