package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A block with a fixed stride 2 halves the size on every repeat, not only the first. */
@Model(input = @Input(channels = 4, height = 16, width = 16))
public interface StackShapeChange {
    @Stack(block = AlwaysHalving.class, filters = 4,
            repeat = 3)
    INDArray stage(INDArray input);

    @Pool(global = true)
    INDArray pooled(INDArray stage);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);

    @Block
    interface AlwaysHalving {
        @Conv(kernel = 3, stride = 2)
        INDArray conv(INDArray input);
    }
}
