package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A repeat count that would expand to a billion layers: Kiln stops at its limit instead of trying. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface TooManyLayers {
    @Residual(block = Pair.class, filters = 4, repeat = 1_000_000_000)
    INDArray stage(INDArray input);

    @Pool(global = true)
    INDArray pooled(INDArray stage);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);

    @Block
    interface Pair {
        @Conv(kernel = 3) @BatchNorm @Relu
        INDArray conv1(INDArray input);

        @Conv(kernel = 3) @BatchNorm
        INDArray conv2(INDArray conv1);
    }
}
