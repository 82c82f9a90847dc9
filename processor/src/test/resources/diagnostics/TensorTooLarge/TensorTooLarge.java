package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** 65,536 filters on a 224×224 image: 3.3 billion values per example. */
@Model(input = @Input(channels = 3, height = 224, width = 224))
public interface TensorTooLarge {
    @Conv(filters = 65_536, kernel = 3) @Relu
    INDArray wide(INDArray input);

    @Pool(global = true)
    INDArray pooled(INDArray wide);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
