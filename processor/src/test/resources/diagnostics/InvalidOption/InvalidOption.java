package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A valid model, compiled with -Akiln.layout=nhwc: the option's value is the mistake. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface InvalidOption {
    @Conv(filters = 4, kernel = 3) @BatchNorm @Relu
    INDArray stem(INDArray input);

    @Pool(type = PoolType.AVG, global = true)
    INDArray pooled(INDArray stem);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
