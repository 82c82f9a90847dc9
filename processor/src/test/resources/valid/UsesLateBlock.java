package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Uses LateBlock, which another processor generates in the first round. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface UsesLateBlock {
    @Residual(block = LateBlock.class, filters = 4)
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);
}
