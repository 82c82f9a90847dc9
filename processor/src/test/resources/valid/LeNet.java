package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** LeNet-5 for 28×28 digits: two conv + max-pool stages, then three dense layers with dropout. */
@Model(input = @Input(channels = 1, height = 28, width = 28), params = 61_706)
public interface LeNet {
    @Conv(filters = 6, kernel = 5) @Relu @Pool(size = 2)
    INDArray conv1(INDArray input);

    @Conv(filters = 16, kernel = 5, padding = Conv.VALID) @Relu @Pool(size = 2)
    INDArray conv2(INDArray conv1);

    @Flatten @Dense(units = 120) @Relu @Dropout(rate = 0.5)
    INDArray fc1(INDArray conv2);

    @Dense(units = 84) @Relu
    INDArray fc2(INDArray fc1);

    @Dense(units = 10)
    INDArray logits(INDArray fc2);
}
