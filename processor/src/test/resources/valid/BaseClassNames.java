package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer names next to the methods of the runtime's GeneratedNetwork that the generated class
 * calls or overrides: {@code layers} gives {@code backwardLayers}, and the rest are the hooks'
 * and helpers' own names, which a layer method taking arrays only overloads.
 */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface BaseClassNames {
    @Conv(filters = 4, kernel = 3) @BatchNorm @Relu
    INDArray layers(INDArray input);

    @Conv(filters = 4, kernel = 3) @Relu
    INDArray loadInput(INDArray layers);

    @Conv(filters = 4, kernel = 3) @Relu
    INDArray buffersFor(INDArray loadInput);

    @Pool(global = true)
    INDArray params(INDArray buffersFor);

    @Dense(units = 10)
    INDArray runBackward(INDArray params);
}
