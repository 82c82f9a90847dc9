package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Two 46,339-wide kernels over a 46,340² image: each tensor fits, but the work does not fit a count. */
@Model(input = @Input(channels = 1, height = 46_340, width = 46_340))
public interface TooManyOperations {
    @Conv(filters = 1, kernel = 46_339)
    INDArray first(INDArray input);

    @Conv(filters = 1, kernel = 46_339)
    INDArray second(INDArray first);

    @Pool(global = true)
    INDArray pooled(INDArray second);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
