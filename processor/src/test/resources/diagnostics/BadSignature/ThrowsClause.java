package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer method throws nothing. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface ThrowsClause {
    @Flatten @Dense(units = 10)
    INDArray logits(INDArray input) throws Exception;
}
