package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Residual names int.class, which javac accepts for a Class<?> value. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface PrimitiveBlock {
    @Residual(filters = 4,
            block = int.class)
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);
}
