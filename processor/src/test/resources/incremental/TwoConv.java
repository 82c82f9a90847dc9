package incremental;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A block the incremental tests edit: two convolutions at the block width. */
@Block
public interface TwoConv {
    @Conv(kernel = 3, stride = Conv.BLOCK_STRIDE) @BatchNorm @Relu
    INDArray conv1(INDArray input);

    @Conv(kernel = 3) @BatchNorm
    INDArray conv2(INDArray conv1);
}
