package incremental;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Uses no block: editing {@link TwoConv} must leave this model's class alone. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface SmallCnn {
    @Conv(filters = 4, kernel = 3) @Relu @Pool(size = 2)
    INDArray conv(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray conv);
}
