package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A block that contains itself. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface SelfBlock {
    @Stack(block = Itself.class, filters = 4)
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);

    @Block
    interface Itself {
        @Stack(filters = 4,
                block = Itself.class)
        INDArray again(INDArray input);
    }
}
