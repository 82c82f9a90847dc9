package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A block declared as an abstract class instead of an interface. */
@Block
public abstract class BlockClass {
    @Conv(kernel = 3)
    abstract INDArray conv1(INDArray input);
}
