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
 * Tutorial step 6: 29 weighted layers of {@link Bottleneck} blocks, three per stage (9 · 3 + 2).
 * Stage widths 16, 32 and 64 come out four times as wide, 64, 128 and 256 channels, so the first
 * block of every stage changes the channel count and gets a 1×1 projection shortcut; the others
 * add the identity.
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), params = 312_826)
public interface BottleneckResNet29 {
    @Conv(filters = 16, kernel = 3) @BatchNorm @Relu
    INDArray stem(INDArray input);

    @Residual(block = Bottleneck.class, filters = 16, repeat = 3)
    INDArray stage1(INDArray stem);

    @Residual(block = Bottleneck.class, filters = 32, stride = 2, repeat = 3)
    INDArray stage2(INDArray stage1);

    @Residual(block = Bottleneck.class, filters = 64, stride = 2, repeat = 3)
    INDArray stage3(INDArray stage2);

    @Pool(type = AVG, global = true)
    INDArray pooled(INDArray stage3);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
