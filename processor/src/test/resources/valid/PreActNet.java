package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A pre-activation ResNet: nothing after the add, and a final BN + ReLU before pooling. */
@Model(input = @Input(channels = 3, height = 16, width = 16))
public interface PreActNet {
    @Conv(filters = 16, kernel = 3)
    INDArray stem(INDArray input);

    @Residual(block = PreActBlock.class, filters = 16, repeat = 2, activation = Activation.NONE)
    INDArray stage1(INDArray stem);

    @Residual(block = PreActBlock.class, filters = 32, stride = 2, repeat = 2, activation = Activation.NONE,
            shortcut = Shortcut.ZERO_PAD)
    INDArray stage2(INDArray stage1);

    @BatchNorm @Relu
    INDArray post(INDArray stage2);

    @Pool(type = PoolType.AVG, global = true)
    INDArray pooled(INDArray post);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
