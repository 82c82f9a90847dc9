package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A convolution after a global pool. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface NeedsSpatialInput {
    @Pool(global = true)
    INDArray pooled(INDArray input);

    @Conv(filters = 4, kernel = 1)
    INDArray conv(INDArray pooled);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray conv);
}
