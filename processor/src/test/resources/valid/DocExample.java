package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The model docs/generated-example.md shows: a stem, one residual block, a classifier. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface DocExample {
    @Conv(filters = 4, kernel = 3) @BatchNorm @Relu
    INDArray stem(INDArray input);

    @Residual(block = BasicBlock.class, filters = 4)
    INDArray stage(INDArray stem);

    @Pool(type = PoolType.AVG, global = true)
    INDArray pooled(INDArray stage);

    @Dense(units = 3)
    INDArray logits(INDArray pooled);
}
