package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Uses a block that comes from a class file without parameter names. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface UsesCompiledBlock {
    @Residual(filters = 4,
            block = CompiledBlock.class)
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);
}
