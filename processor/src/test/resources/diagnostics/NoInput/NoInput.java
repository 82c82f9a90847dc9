package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The first layer calls the input image; no layer reads input. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface NoInput {
    @Conv(filters = 4, kernel = 3)
    INDArray conv(INDArray image);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray conv);
}
