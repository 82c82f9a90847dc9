package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Residual stands alone on its method. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface ResidualWithRelu {
    @Residual(block = Plain.class, filters = 4)
    @Relu
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);

    @Block
    interface Plain {
        @Conv(kernel = 3)
        INDArray conv(INDArray input);
    }
}
