package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The bottleneck block of deeper ResNets: 1×1 reduce, 3×3, 1×1 expand to four times the width. */
@Block
public interface Bottleneck {
    @Conv(kernel = 1) @BatchNorm @Relu
    INDArray reduce(INDArray input);

    @Conv(kernel = 3, stride = Conv.BLOCK_STRIDE) @BatchNorm @Relu
    INDArray conv(INDArray reduce);

    @Conv(kernel = 1, expansion = 4) @BatchNorm
    INDArray expand(INDArray conv);
}
