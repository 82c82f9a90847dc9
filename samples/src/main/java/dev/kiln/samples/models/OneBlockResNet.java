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

/**
 * Tutorial step 2: one residual block. The stem turns the image into 16 feature maps;
 * {@code block} runs {@link BasicBlock} on them and adds its input back, {@code H(x) = F(x) + x},
 * then applies ReLU. Input and output have the same shape, so the shortcut is the identity and
 * costs no parameters. Kiln checks that at compile time: give the block {@code filters = 32}
 * and it inserts a 1×1 projection instead (or says why it cannot).
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), params = 5_018)
public interface OneBlockResNet {
    @Conv(filters = 16, kernel = 3) @BatchNorm @Relu
    INDArray stem(INDArray input);

    @Residual(block = BasicBlock.class, filters = 16)
    INDArray block(INDArray stem);

    @Pool(type = AVG, global = true)
    INDArray pooled(INDArray block);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
