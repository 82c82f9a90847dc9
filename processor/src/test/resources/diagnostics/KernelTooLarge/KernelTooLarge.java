package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A 5×5 kernel without padding on a 3×3 input. */
@Model(input = @Input(channels = 1, height = 3, width = 3))
public interface KernelTooLarge {
    @Conv(filters = 4, kernel = 5, padding = Conv.VALID)
    INDArray conv(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray conv);
}
