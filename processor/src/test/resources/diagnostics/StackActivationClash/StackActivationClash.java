package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A block that ends in tanh, stacked with @Stack's default ReLU after it. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface StackActivationClash {
    @Stack(block = TanhBlock.class, filters = 4, repeat = 2)
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);

    @Block
    interface TanhBlock {
        @Conv(kernel = 3) @BatchNorm @Tanh
        INDArray conv(INDArray input);
    }
}
