package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer named after Network.predict(INDArray), which the generated class already has. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface NetworkMethod {
    @Flatten @Dense(units = 10)
    INDArray predict(INDArray input);
}
