package dev.kiln.samples.models;

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

/** ResNet-20 on CIFAR-10's 3×32×32 images, as in He et al. 2015 with projection shortcuts. */
@Model(input = @Input(channels = 3, height = 32, width = 32))
public interface ResNet20Cifar {
    @Conv(filters = 16, kernel = 3) @BatchNorm @Relu
    INDArray stem(INDArray input);

    @Residual(block = BasicBlock.class, filters = 16, repeat = 3)
    INDArray stage1(INDArray stem);

    @Residual(block = BasicBlock.class, filters = 32, stride = 2, repeat = 3)
    INDArray stage2(INDArray stage1);

    @Residual(block = BasicBlock.class, filters = 64, stride = 2, repeat = 3)
    INDArray stage3(INDArray stage2);

    @Pool(type = AVG, global = true)
    INDArray pooled(INDArray stage3);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
