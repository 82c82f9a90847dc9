package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/** @Stack over blocks that end in a nested residual without ReLU, in a sigmoid, and in a ReLU and max pooling. */
@Model(input = @Input(channels = 4, height = 8, width = 8))
public interface StackEndings {
    @Stack(block = EndsInResidual.class, filters = 4)
    INDArray first(INDArray input);

    @Stack(block = EndsInSigmoid.class, filters = 4)
    INDArray second(INDArray first);

    @Stack(block = EndsInReluAndMaxPool.class, filters = 4)
    INDArray third(INDArray second);

    @Stack(block = EndsInSigmoid.class, filters = 4, activation = Activation.NONE)
    INDArray fourth(INDArray third);

    @Flatten @Dense(units = 10)
    INDArray logits(INDArray fourth);

    @Block
    interface Inner {
        @Conv(kernel = 3) @BatchNorm
        INDArray conv(INDArray input);
    }

    @Block
    interface EndsInResidual {
        @Residual(block = Inner.class, filters = 4, activation = Activation.NONE)
        INDArray inner(INDArray input);
    }

    @Block
    interface EndsInSigmoid {
        @Conv(kernel = 3) @BatchNorm @Sigmoid
        INDArray conv(INDArray input);
    }

    @Block
    interface EndsInReluAndMaxPool {
        @Conv(kernel = 3) @BatchNorm @Relu @Pool(size = 2)
        INDArray conv(INDArray input);
    }
}
