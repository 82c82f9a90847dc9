package fixtures;

import dev.kiln.dsl.*;

/** INDArray is used without its import. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface MissingImport {
    @Flatten @Dense(units = 10)
    INDArray logits(INDArray input);
}
