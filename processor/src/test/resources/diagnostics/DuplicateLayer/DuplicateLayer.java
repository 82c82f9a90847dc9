package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Two methods with one name (an overload). */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface DuplicateLayer {
    @Conv(filters = 4, kernel = 3)
    INDArray conv(INDArray input);

    @Conv(filters = 4, kernel = 1)
    INDArray conv(INDArray input, INDArray other);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray conv);
}
