package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer named after GeneratedNetwork.loadInput(INDArray), which the generated class overrides. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface BaseClassMethod {
    @Flatten @Dense(units = 10)
    INDArray loadInput(INDArray input);
}
