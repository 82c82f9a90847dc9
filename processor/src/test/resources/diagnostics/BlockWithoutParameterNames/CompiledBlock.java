package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Compiled on its own without -parameters, so its class file calls every input arg0. */
@Block
public interface CompiledBlock {
    @Conv(kernel = 3) @BatchNorm @Relu
    INDArray conv1(INDArray input);

    @Conv(kernel = 3) @BatchNorm
    INDArray conv2(INDArray conv1);
}
