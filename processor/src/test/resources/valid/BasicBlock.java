package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The basic block of He et al. 2015: two 3×3 convs at the block width, the first with the block stride. */
@Block
public interface BasicBlock {
    @Conv(kernel = 3, stride = Conv.BLOCK_STRIDE) @BatchNorm @Relu
    INDArray conv1(INDArray input);

    @Conv(kernel = 3) @BatchNorm
    INDArray conv2(INDArray conv1);
}
