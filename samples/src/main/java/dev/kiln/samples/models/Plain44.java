package dev.kiln.samples.models;

import static dev.kiln.dsl.PoolType.AVG;

import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Input;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Pool;
import dev.kiln.dsl.Relu;
import dev.kiln.dsl.Stack;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Plain-44: {@link ResNet44} with every {@code @Residual} replaced by {@code @Stack}, so the same 42 stacked 3×3 convolutions, each followed by batch norm and ReLU, have no shortcuts. The twin of the degradation experiment.
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), params = 658_298)
public interface Plain44 {
    @Conv(filters = 16, kernel = 3) @BatchNorm @Relu
    INDArray stem(INDArray input);

    @Stack(block = BasicBlock.class, filters = 16, repeat = 7)
    INDArray stage1(INDArray stem);

    @Stack(block = BasicBlock.class, filters = 32, stride = 2, repeat = 7)
    INDArray stage2(INDArray stage1);

    @Stack(block = BasicBlock.class, filters = 64, stride = 2, repeat = 7)
    INDArray stage3(INDArray stage2);

    @Pool(type = AVG, global = true)
    INDArray pooled(INDArray stage3);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
