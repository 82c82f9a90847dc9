package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Stack names an interface without @Block. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface PlainInterface {
    @Stack(filters = 4,
            block = Unmarked.class)
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);

    interface Unmarked {
        @Conv(kernel = 3)
        INDArray conv(INDArray input);
    }
}
