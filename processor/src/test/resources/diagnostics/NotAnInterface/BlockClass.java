package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Block on a class instead of an interface. */
@Block
public abstract class BlockClass {
    @Conv(kernel = 3)
    abstract INDArray conv1(INDArray input);
}
