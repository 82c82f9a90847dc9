package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The pre-activation block of He et al. 2016: BN and ReLU come before each conv. */
@Block
public interface PreActBlock {
    @BatchNorm @Relu
    INDArray preact1(INDArray input);

    @Conv(kernel = 3, stride = Conv.BLOCK_STRIDE)
    INDArray conv1(INDArray preact1);

    @BatchNorm @Relu
    INDArray preact2(INDArray conv1);

    @Conv(kernel = 3)
    INDArray conv2(INDArray preact2);
}
