package incremental;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Uses {@link TwoConv}: editing the block must regenerate this model's class. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface SmallResNet {
    @Conv(filters = 4, kernel = 3) @BatchNorm @Relu
    INDArray stem(INDArray input);

    @Residual(block = TwoConv.class, filters = 4)
    INDArray stage1(INDArray stem);

    @Pool(type = PoolType.AVG, global = true)
    INDArray pooled(INDArray stage1);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
