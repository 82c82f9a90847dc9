package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Two bottleneck stages; the second halves the size, with projection shortcuts. */
@Model(input = @Input(channels = 3, height = 16, width = 16))
public interface BottleneckNet {
    @Conv(filters = 16, kernel = 3) @BatchNorm @Relu
    INDArray stem(INDArray input);

    @Residual(block = Bottleneck.class, filters = 8, repeat = 2)
    INDArray stage1(INDArray stem);

    @Residual(block = Bottleneck.class, filters = 16, stride = 2, repeat = 2)
    INDArray stage2(INDArray stage1);

    @Pool(type = PoolType.AVG, global = true)
    INDArray pooled(INDArray stage2);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
