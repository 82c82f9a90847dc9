package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** 150 layers, within the layer limit, but each needs 12 fields: 1,800 in all. */
@Model(input = @Input(channels = 4, height = 4, width = 4))
public interface TooManyFields {
    @Stack(block = One.class, filters = 4, repeat = 150)
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);

    @Block
    interface One {
        @Conv(kernel = 1, bias = Bias.ON) @BatchNorm @Relu
        INDArray conv(INDArray input);
    }
}
