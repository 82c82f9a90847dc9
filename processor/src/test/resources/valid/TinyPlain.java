package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** TinyResNet with @Stack in place of @Residual: the shortcuts go, the ReLU after each block stays. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface TinyPlain {
    @Conv(filters = 4, kernel = 3) @BatchNorm @Relu
    INDArray stem(INDArray input);

    @Stack(block = BasicBlock.class, filters = 4)
    INDArray stage1(INDArray stem);

    @Stack(block = BasicBlock.class, filters = 8, stride = 2)
    INDArray stage2(INDArray stage1);

    @Pool(type = PoolType.AVG, global = true)
    INDArray pooled(INDArray stage2);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
