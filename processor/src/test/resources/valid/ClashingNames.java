package fixtures;

import dev.kiln.dsl.*;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer names the generated class also uses: its activations field {@code a}, a type it calls by
 * simple name ({@code Inputs}), its {@code dataType} field and {@code NAME} constant, and two names
 * that capitalise alike ({@code a}, {@code A}) for the {@code forwardX} methods.
 */
@Model(input = @Input(channels = 1, height = 8, width = 8))
public interface ClashingNames {
    @Conv(filters = 4, kernel = 3) @Relu
    INDArray a(INDArray input);

    @Conv(filters = 4, kernel = 3) @Relu
    INDArray A(INDArray a);

    @Add
    INDArray Inputs(INDArray a, INDArray A);

    @Pool(global = true)
    INDArray dataType(INDArray Inputs);

    @Dense(units = 10)
    INDArray NAME(INDArray dataType);
}
