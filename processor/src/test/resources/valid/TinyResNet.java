package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The smallest ResNet with both shortcut kinds: one identity stage, one projection stage. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface TinyResNet {
    @Conv(filters = 4, kernel = 3) @BatchNorm @Relu
    INDArray stem(INDArray input);

    @Residual(block = BasicBlock.class, filters = 4)
    INDArray stage1(INDArray stem);

    @Residual(block = BasicBlock.class, filters = 8, stride = 2)
    INDArray stage2(INDArray stage1);

    @Pool(type = PoolType.AVG, global = true)
    INDArray pooled(INDArray stage2);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
