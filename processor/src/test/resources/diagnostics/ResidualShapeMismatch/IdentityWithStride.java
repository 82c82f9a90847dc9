package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** shortcut = IDENTITY around a block that halves the size. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface IdentityWithStride {
    @Residual(block = Halving.class, filters = 4, stride = 2,
            shortcut = Shortcut.IDENTITY)
    INDArray stage(INDArray input);

    @Pool(global = true)
    INDArray pooled(INDArray stage);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);

    @Block
    interface Halving {
        @Conv(kernel = 3, stride = Conv.BLOCK_STRIDE)
        INDArray conv(INDArray input);
    }
}
