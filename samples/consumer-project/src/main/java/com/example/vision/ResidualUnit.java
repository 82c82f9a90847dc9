package com.example.vision;

import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Block;
import dev.kiln.dsl.Conv;
import dev.kiln.dsl.Relu;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Two 3×3 convolutions at the block's width; the first takes the block's stride. */
@Block
public interface ResidualUnit {
    @Conv(kernel = 3, stride = Conv.BLOCK_STRIDE) @BatchNorm @Relu
    INDArray conv1(INDArray input);

    @Conv(kernel = 3) @BatchNorm
    INDArray conv2(INDArray conv1);
}
