package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A package-private model inside a private class is out of the package's reach all the same. */
public class InsidePrivateClass {
    private static class Hidden {
        @Model(input = @Input(channels = 1, height = 8, width = 8))
        interface Net {
            @Flatten @Dense(units = 10)
            INDArray logits(INDArray input);
        }
    }
}
