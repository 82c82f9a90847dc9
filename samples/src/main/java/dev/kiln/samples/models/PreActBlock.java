package dev.kiln.samples.models;

import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Bias;
import dev.kiln.dsl.Block;
import dev.kiln.dsl.Conv;
import dev.kiln.dsl.Relu;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pre-activation residual block of He et al. 2016, "Identity Mappings in Deep Residual
 * Networks": batch norm and ReLU come before each convolution, and nothing follows the add, so
 * the shortcut path from one block to the next is a pure identity. Used with
 * {@code @Residual(activation = Activation.NONE)}. The convolutions have no bias: the next
 * batch norm's shift would cancel it.
 */
@Block
public interface PreActBlock {
    @BatchNorm @Relu
    INDArray preact1(INDArray input);

    @Conv(kernel = 3, stride = Conv.BLOCK_STRIDE, bias = Bias.OFF)
    INDArray conv1(INDArray preact1);

    @BatchNorm @Relu
    INDArray preact2(INDArray conv1);

    @Conv(kernel = 3, bias = Bias.OFF)
    INDArray conv2(INDArray preact2);
}
