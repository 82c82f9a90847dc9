package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @LeakyRelu slope Double.MAX_VALUE: infinite in float32, where networks compute. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface SlopeBeyondFloat {
    @Conv(filters = 4, kernel = 3)
    @LeakyRelu(slope = Double.MAX_VALUE)
    INDArray conv(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray conv);
}
