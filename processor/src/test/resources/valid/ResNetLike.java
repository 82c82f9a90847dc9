package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** ResNet-20's layout with @Residual stages, on 28×28 grey images. */
@Model(input = @Input(channels = 1, height = 28, width = 28), params = 272_186)
public interface ResNetLike {
    @Conv(filters = 16, kernel = 3) @BatchNorm @Relu
    INDArray stem(INDArray input);

    @Residual(block = BasicBlock.class, filters = 16, repeat = 3)
    INDArray stage1(INDArray stem);

    @Residual(block = BasicBlock.class, filters = 32, stride = 2, repeat = 3)
    INDArray stage2(INDArray stage1);

    @Residual(block = BasicBlock.class, filters = 64, stride = 2, repeat = 3)
    INDArray stage3(INDArray stage2);

    @Pool(type = PoolType.AVG, global = true)
    INDArray pooled(INDArray stage3);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
