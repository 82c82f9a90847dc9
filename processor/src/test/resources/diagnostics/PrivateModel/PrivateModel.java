package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A model nested privately: the generated class, beside it in the package, could not implement it. */
public class PrivateModel {
    @Model(input = @Input(channels = 1, height = 8, width = 8))
    private interface Inner {
        @Flatten @Dense(units = 10)
        INDArray logits(INDArray input);
    }
}
