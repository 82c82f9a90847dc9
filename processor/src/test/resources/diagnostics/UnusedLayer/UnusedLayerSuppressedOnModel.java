package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The unread layer, silenced on the whole model. */
@SuppressWarnings("kiln:UnusedLayer")
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface UnusedLayerSuppressedOnModel {
    @Conv(filters = 4, kernel = 3)
    INDArray side(INDArray input);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray input);
}
