package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Outer contains Inner, and Inner contains Outer. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface BlockCycle {
    @Residual(block = Outer.class, filters = 4)
    INDArray stage(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray stage);

    @Block
    interface Outer {
        @Residual(block = Inner.class, filters = 4)
        INDArray inner(INDArray input);
    }

    @Block
    interface Inner {
        @Conv(kernel = 3)
        INDArray conv(INDArray input);

        @Stack(filters = 4,
                block = Outer.class)
        INDArray again(INDArray conv);
    }
}
