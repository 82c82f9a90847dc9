package dev.kiln.samples.models;

import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Block;
import dev.kiln.dsl.Conv;
import dev.kiln.dsl.Relu;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The basic block of He et al. 2015: 3×3 conv, batch norm, ReLU, 3×3 conv, batch norm.
 * {@code @Residual} adds the shortcut, then applies the final ReLU; {@code @Stack} applies the
 * same ReLU without the shortcut (He et al.'s plain net).
 * Both convs take the block width; the first also takes the block's stride.
 */
@Block
public interface BasicBlock {
    @Conv(kernel = 3, stride = Conv.BLOCK_STRIDE) @BatchNorm @Relu
    INDArray conv1(INDArray input);

    @Conv(kernel = 3) @BatchNorm
    INDArray conv2(INDArray conv1);
}
