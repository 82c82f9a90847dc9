package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Fixtures.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The largest models {@code TooManyLayers} lets through still generate code that compiles: 1,396
 * fields from conv + bias + batch-norm layers (the most fields a layer has), 299 layers, and 291
 * layers of activation, pool and dropout (the most buffers for the fewest fields).
 */
class GeneratedSizeEdgeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            fields  | 116 | @Conv(kernel = 1, bias = Bias.ON) @BatchNorm @Relu
            buffers | 290 | @Relu @Pool(size = 1) @Dropout(rate = 0.1)
            layers  | 298 | @Relu
            """)
    void justInsideTheLimitCompiles(String limit, int repeat, String layer) {
        String source = """
                package fixtures;
                import dev.kiln.dsl.*;
                import org.nd4j.linalg.api.ndarray.INDArray;
                @Model(input = @Input(channels = 2, height = 2, width = 2))
                public interface Edge {
                    @Stack(block = Unit.class, filters = 2, repeat = %d)
                    INDArray stage(INDArray input);
                    @Flatten @Dense(units = 2)
                    INDArray logits(INDArray stage);
                    @Block
                    interface Unit {
                        %s
                        INDArray layer(INDArray input);
                    }
                }
                """.formatted(repeat, layer);
        Compilation c = compile(JavaFileObjects.forSourceString("fixtures.Edge", source));
        assertThat(c).succeededWithoutWarnings();
    }
}
