package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** ZERO_PAD from 32 to 16 channels: it can only add channels. */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface ZeroPadRemovesChannels {
    @Conv(filters = 32, kernel = 3)
    INDArray stem(INDArray input);

    @Residual(block = Same.class, filters = 16,
            shortcut = Shortcut.ZERO_PAD)
    INDArray stage(INDArray stem);

    @Pool(global = true)
    INDArray pooled(INDArray stage);

    @Dense(units = 10)
    INDArray logits(INDArray pooled);

    @Block
    interface Same {
        @Conv(kernel = 3)
        INDArray conv(INDArray input);
    }
}
