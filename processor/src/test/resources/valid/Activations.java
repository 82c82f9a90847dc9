package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Leaky ReLU, tanh and sigmoid, with a dilated conv and an average pool. */
@Model(input = @Input(channels = 1, height = 12, width = 12))
public interface Activations {
    @Conv(filters = 8, kernel = 3) @LeakyRelu(slope = 0.1)
    INDArray leaky(INDArray input);

    @Conv(filters = 8, kernel = 3, dilation = 2) @BatchNorm @Tanh
    INDArray dilated(INDArray leaky);

    @Pool(type = PoolType.AVG, size = 2)
    INDArray pooled(INDArray dilated);

    @Flatten @Dense(units = 32, bias = Bias.OFF) @Sigmoid
    INDArray hidden(INDArray pooled);

    @Dense(units = 10)
    INDArray logits(INDArray hidden);
}
