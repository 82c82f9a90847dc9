package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A negative conv padding other than Conv.SAME. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface ConvPaddingNegative {
    @Conv(filters = 4, kernel = 3,
            padding = -2)
    INDArray conv(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray conv);
}
