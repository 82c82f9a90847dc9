package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A dense layer of a million units on 4,096 features: a weight of 4 billion values. */
@Model(input = @Input(channels = 1, height = 64, width = 64))
public interface HugeDenseWeight {
    @Flatten @Dense(units = 1_000_000) @Relu
    INDArray hidden(INDArray input);

    @Dense(units = 10)
    INDArray logits(INDArray hidden);
}
