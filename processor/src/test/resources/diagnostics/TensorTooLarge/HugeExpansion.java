package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A block width of a billion, times expansion 4: more channels than an int counts. */
@Model(input = @Input(channels = 1, height = 1, width = 1))
public interface HugeExpansion {
    @Stack(block = Widening.class, filters = 1_000_000_000)
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);

    @Block
    interface Widening {
        @Conv(kernel = 1, expansion = 4)
        INDArray conv(INDArray input);
    }
}
