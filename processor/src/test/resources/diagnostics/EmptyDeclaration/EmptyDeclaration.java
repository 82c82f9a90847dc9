package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A model with no layers. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface EmptyDeclaration {
}
