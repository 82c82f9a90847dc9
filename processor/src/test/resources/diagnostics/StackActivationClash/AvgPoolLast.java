package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A block that ends in average pooling; the ReLU asked for explicitly would not commute with it. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface AvgPoolLast {
    @Stack(block = Pooling.class, filters = 4,
            activation = Activation.RELU)
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);

    @Block
    interface Pooling {
        @Conv(kernel = 3) @BatchNorm
        INDArray conv(INDArray input);

        @Pool(type = PoolType.AVG, size = 2)
        INDArray pool(INDArray conv);
    }
}
