package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A method with no layer annotation. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface NoLayerAnnotation {
    INDArray passThrough(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray passThrough);
}
