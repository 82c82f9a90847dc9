package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Joins an 8×8 map with a 4×4 map. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface ConcatShapeMismatch {
    @Conv(filters = 4, kernel = 3)
    INDArray full(INDArray input);

    @Pool(size = 2)
    INDArray half(INDArray input);

    @Concat
    INDArray joined(INDArray full, INDArray half);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray joined);
}
