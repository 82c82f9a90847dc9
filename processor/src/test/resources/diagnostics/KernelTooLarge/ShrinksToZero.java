package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Four 2×2 pools take 8×8 to 4, 2, 1 and then nothing. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface ShrinksToZero {
    @Pool(size = 2)
    INDArray pool1(INDArray input);

    @Pool(size = 2)
    INDArray pool2(INDArray pool1);

    @Pool(size = 2)
    INDArray pool3(INDArray pool2);

    @Pool(type = PoolType.AVG, size = 2)
    INDArray pool4(INDArray pool3);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray pool4);
}
