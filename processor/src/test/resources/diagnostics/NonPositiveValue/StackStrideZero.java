package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Stack with stride zero: not a positive number. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface StackStrideZero {
    @Stack(block = Same.class, filters = 1,
            stride = 0)
    INDArray layer(INDArray input);

    @Block
    interface Same {
        @Conv(kernel = 3)
        INDArray conv(INDArray input);
    }

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray layer);
}
