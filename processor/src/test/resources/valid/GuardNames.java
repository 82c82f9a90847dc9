package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer and parameter names the concurrency and replica code uses or once used: the guard the
 * layer methods enter, a replica's {@code source}, the {@code replica()} method, and the
 * {@code seed} field a network with dropout keeps for its replicas.
 */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface GuardNames {
    @Conv(filters = 4, kernel = 3) @Relu
    INDArray guard(INDArray input);

    @Conv(filters = 4, kernel = 3) @Relu @Dropout(rate = 0.5)
    INDArray source(INDArray guard);

    @Pool(global = true)
    INDArray replica(INDArray source);

    @Dense(units = 10)
    INDArray seed(INDArray replica);
}
