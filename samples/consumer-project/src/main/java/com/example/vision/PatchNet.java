package com.example.vision;

import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Input;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Pool;
import dev.kiln.dsl.PoolType;
import dev.kiln.dsl.Relu;
import dev.kiln.dsl.Residual;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A small residual network for 12×12 grey patches in 4 classes, declared in a project that
 * only uses Kiln. Kiln generates {@code KilnPatchNet} from it while this project compiles.
 *
 * <p>Parameters: stem 72 + BN 16; unit1 2 × (576 + 16); unit2 1,152 + 32, 2,304 + 32 and a
 * 1×1 projection 128 + 32; dense 64 + 4: 5,020 in all.
 */
@Model(input = @Input(channels = 1, height = 12, width = 12), params = 5_020)
public interface PatchNet {
    @Conv(filters = 8, kernel = 3) @BatchNorm @Relu
    INDArray stem(INDArray input);

    @Residual(block = ResidualUnit.class, filters = 8)
    INDArray unit1(INDArray stem);

    @Residual(block = ResidualUnit.class, filters = 16, stride = 2)
    INDArray unit2(INDArray unit1);

    @Pool(type = PoolType.AVG, global = true)
    INDArray pooled(INDArray unit2);

    @Dense(units = 4)
    INDArray logits(INDArray pooled);
}
