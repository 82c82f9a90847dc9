package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Fixtures.compile;
import static dev.kiln.processor.Fixtures.generatedSource;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Legal declarations: each compiles without a single warning and generates {@code KilnX}, whose
 * totals are checked against counts worked out by hand.
 */
class ValidDeclarationsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ResNetLike    | BasicBlock   | 272186 | ResNet-20 on 28×28 with 1×1 projections where a stage widens
            PlainLike     | BasicBlock   | 269434 | the same without the two projections (2 × (1×1 conv + BN) = 2,752)
            HandResidual  |              |   1362 | stem 72 + 16 BN, two 8→8 convs of 576 + 16 BN, dense 80 + 10
            ConcatNet     |              |    760 | 1×1 and 3×3 branches and a pooled branch, 8 + 16 + 3 = 27 channels
            LeNet         |              |  61706 | the classic LeNet-5 count, 61,706
            BottleneckNet | Bottleneck   |  14682 | expansion = 4: 1×1 convs to 32 and 64 channels, projections on both first repeats
            PreActNet     | PreActBlock  |  42858 | pre-activation blocks, zero-pad shortcut (no parameters)
            Activations   |              |  10218 | leaky relu, tanh, sigmoid, a dilated conv and a dense without bias
            TinyResNet    | BasicBlock   |   1382 | stem 44, identity stage 2 × 152, strided stage 304 + 592 + projection 48, dense 90
            """)
    void compilesWithoutWarningsAndGeneratesTheNetwork(String model, String block, long parameters, String why) {
        Compilation c = block == null
                ? compile("valid/" + model + ".java")
                : compile("valid/" + model + ".java", "valid/" + block + ".java");
        assertThat(c).succeededWithoutWarnings();
        String generated = generatedSource(c, "fixtures.Kiln" + model);
        assertTrue(generated.contains("public static final long PARAMETERS = " + parameters + "L;"),
                () -> why + "\n" + generated);
    }
}
