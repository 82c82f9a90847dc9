package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Padding of 1.5 billion on each side: the padded side is past int. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface HugePadding {
    @Conv(filters = 4, kernel = 3, padding = 1_500_000_000)
    INDArray conv(INDArray input);

    @Pool(global = true)
    INDArray pooled(INDArray conv);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);
}
