package dev.kiln.samples.models;

import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Block;
import dev.kiln.dsl.Conv;
import dev.kiln.dsl.Relu;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The bottleneck block of He et al. 2015 (ResNet-50 and deeper): a 1×1 convolution narrows to
 * the block width, a 3×3 convolution works at that width (and takes the block's stride), and a
 * 1×1 convolution widens to four times the width ({@code expansion = 4}). Three layers cost
 * about what two 3×3 layers at the wide width would, which is what makes very deep nets affordable.
 */
@Block
public interface Bottleneck {
    @Conv(kernel = 1) @BatchNorm @Relu
    INDArray reduce(INDArray input);

    @Conv(kernel = 3, stride = Conv.BLOCK_STRIDE) @BatchNorm @Relu
    INDArray conv(INDArray reduce);

    @Conv(kernel = 1, expansion = 4) @BatchNorm
    INDArray expand(INDArray conv);
}
