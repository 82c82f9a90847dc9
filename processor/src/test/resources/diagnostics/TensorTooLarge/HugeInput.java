package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An input of 3 × 65,536 × 65,536. */
@Model(input = @Input(channels = 3, height = 65_536, width = 65_536))
public interface HugeInput {
    @Pool(global = true)
    INDArray pooled(INDArray input);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
