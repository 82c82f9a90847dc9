package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A residual written out by hand: the shortcut is an @Add of the block's output and its input. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface HandResidual {
    @Conv(filters = 8, kernel = 3) @BatchNorm @Relu
    INDArray stem(INDArray input);

    @Conv(filters = 8, kernel = 3) @BatchNorm @Relu
    INDArray conv1(INDArray stem);

    @Conv(filters = 8, kernel = 3) @BatchNorm
    INDArray conv2(INDArray conv1);

    @Add @Relu
    INDArray out(INDArray conv2, INDArray stem);

    @Pool(type = PoolType.AVG, global = true)
    INDArray pooled(INDArray out);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
