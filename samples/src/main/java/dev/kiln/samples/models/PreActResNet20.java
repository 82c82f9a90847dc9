package dev.kiln.samples.models;

import static dev.kiln.dsl.Activation.NONE;
import static dev.kiln.dsl.PoolType.AVG;

import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Input;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Pool;
import dev.kiln.dsl.Relu;
import dev.kiln.dsl.Residual;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tutorial step 5: ResNet-20 with {@link PreActBlock}s (He et al. 2016). The stem is a bare
 * convolution, each block normalises its own input, the adds have no ReLU after them, and one
 * batch norm and ReLU close the last stage before pooling.
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), params = 272_202)
public interface PreActResNet20 {
    @Conv(filters = 16, kernel = 3)
    INDArray stem(INDArray input);

    @Residual(block = PreActBlock.class, filters = 16, repeat = 3, activation = NONE)
    INDArray stage1(INDArray stem);

    @Residual(block = PreActBlock.class, filters = 32, stride = 2, repeat = 3, activation = NONE)
    INDArray stage2(INDArray stage1);

    @Residual(block = PreActBlock.class, filters = 64, stride = 2, repeat = 3, activation = NONE)
    INDArray stage3(INDArray stage2);

    @BatchNorm @Relu
    INDArray post(INDArray stage3);

    @Pool(type = AVG, global = true)
    INDArray pooled(INDArray post);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
