package dev.kiln.samples.models;

import static dev.kiln.dsl.PoolType.MAX;

import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Input;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Pool;
import dev.kiln.dsl.Relu;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A LeNet-style network, the smallest sample: two convolutions, each followed by batch norm,
 * ReLU and 2×2 max pooling, then a hidden dense layer with dropout and the classifier.
 * Read top to bottom, each method is one layer unit and its parameter names the layer it reads.
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), params = 421_738)
public interface LeNet {
    /** 32 filters of 3×3 over the grey image, then BN, ReLU and 2×2 max pooling: [N,32,14,14]. */
    @Conv(filters = 32, kernel = 3) @BatchNorm @Relu @Pool(type = MAX, size = 2)
    INDArray conv1(INDArray input);

    /** 64 filters of 3×3, BN, ReLU, max pooling: [N,64,7,7]. */
    @Conv(filters = 64, kernel = 3) @BatchNorm @Relu @Pool(type = MAX, size = 2)
    INDArray conv2(INDArray conv1);

    /** Flatten the 64×7×7 maps to 3,136 features, 128 hidden units, ReLU, drop a quarter in training. */
    @Flatten @Dense(units = 128) @Relu @Dropout(rate = 0.25)
    INDArray hidden(INDArray conv2);

    /** One score per class; softmax cross-entropy is applied in training. */
    @Dense(units = 10)
    INDArray logits(INDArray hidden);
}
