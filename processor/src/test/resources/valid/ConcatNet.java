package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Two branches of different widths joined along the channels, as in an Inception module. */
@Model(input = @Input(channels = 3, height = 16, width = 16))
public interface ConcatNet {
    @Conv(filters = 8, kernel = 1) @Relu
    INDArray narrow(INDArray input);

    @Conv(filters = 16, kernel = 3) @Relu
    INDArray wide(INDArray input);

    @Pool(size = 3, stride = 1, padding = 1)
    INDArray pooled(INDArray input);

    @Concat
    INDArray joined(INDArray narrow, INDArray wide, INDArray pooled);

    @Pool(global = true)
    INDArray features(INDArray joined);

    @Dense(units = 10)
    INDArray logits(INDArray features);
}
