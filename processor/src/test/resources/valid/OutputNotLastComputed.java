package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The output is the last declared method, pooled [N,4], although logits, declared before it and
 * reading it, is computed after it (and, read by nothing, warned about).
 */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface OutputNotLastComputed {
    @Conv(filters = 4, kernel = 3) @Relu
    INDArray stem(INDArray input);

    @Dense(units = 3)
    INDArray logits(INDArray pooled);

    @Pool(type = PoolType.AVG, global = true)
    INDArray pooled(INDArray stem);
}
