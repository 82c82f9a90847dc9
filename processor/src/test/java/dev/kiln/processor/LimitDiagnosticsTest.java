package dev.kiln.processor;

import static dev.kiln.processor.Fixtures.assertOnlyError;
import static dev.kiln.processor.Fixtures.compile;
import static dev.kiln.processor.Fixtures.source;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Declarations too large to generate or run, which integer arithmetic used to wrap around
 * silently (found by {@code fuzz.ProcessorFuzzTest}): each is one error, never a hang, an
 * overflow or generated code that does not compile.
 */
class LimitDiagnosticsTest {

    @Test
    void aBillionRepeatsStopAtTheLayerLimit() {
        JavaFileObject file = source("diagnostics/TooManyLayers/TooManyLayers.java");
        assertOnlyError(compile(file), "TooManyLayers", file, "repeat = 1_000_000_000",
                "stage: expanding @Residual repeat = 1,000,000,000 of Pair gives more than 300 layers",
                "at most 300 layers, 1,400 parameter, state and kernel fields and 1,400 activation buffers",
                "use fewer repeats");
    }

    @Test
    void tooManyFieldsForOneConstructor() {
        JavaFileObject file = source("diagnostics/TooManyLayers/TooManyFields.java");
        assertOnlyError(compile(file), "TooManyLayers", file, "@Model",
                "TooManyFields: its 151 layers need 1,804 parameter, state and kernel fields", "64 KiB");
    }

    @Test
    void convOutputPastAnInt() {
        JavaFileObject file = source("diagnostics/TensorTooLarge/TensorTooLarge.java");
        assertOnlyError(compile(file), "TensorTooLarge", file, "filters = 65_536",
                "wide: the output [N,65536,224,224] of @Conv 3×3 would hold 3,288,334,336 elements",
                "at most 2,147,483,647 (2^31 − 1)", "use fewer filters");
    }

    @Test
    void inputPastAnInt() {
        JavaFileObject file = source("diagnostics/TensorTooLarge/HugeInput.java");
        assertOnlyError(compile(file), "TensorTooLarge", file, "@Model",
                "HugeInput: the input [N,3,65536,65536] would hold 12,884,901,888 elements", "use smaller images");
    }

    @Test
    void paddedSidePastAnInt() {
        JavaFileObject file = source("diagnostics/TensorTooLarge/HugePadding.java");
        assertOnlyError(compile(file), "TensorTooLarge", file, "padding = 1_500_000_000",
                "conv: the input of @Conv 3×3 padded by 1,500,000,000 on each side, [N,1,3000000008,3000000008],",
                "9,000,000,048,000,000,064 elements", "use less padding");
    }

    @Test
    void denseWeightPastAnInt() {
        JavaFileObject file = source("diagnostics/TensorTooLarge/HugeDenseWeight.java");
        assertOnlyError(compile(file), "TensorTooLarge", file, "units = 1_000_000",
                "hidden: the weight hidden.weight [1000000, 4096] would hold 4,096,000,000 elements", "use fewer units");
    }

    @Test
    void blockWidthTimesExpansionPastAnInt() {
        JavaFileObject file = source("diagnostics/TensorTooLarge/HugeExpansion.java");
        assertOnlyError(compile(file), "TensorTooLarge", file, "expansion = 4",
                "conv: the output of @Conv, with expansion 4 × block width 1,000,000,000 = 4,000,000,000 channels,",
                "use a smaller expansion");
    }

    @Test
    void workPastALongCount() {
        JavaFileObject file = source("diagnostics/TooManyOperations/TooManyOperations.java");
        assertOnlyError(compile(file), "TooManyOperations", file, "INDArray first(",
                "TooManyOperations: one example needs more than 4,611,686,018,427,387,903 multiply-accumulates",
                "(first alone needs 4,611,108,844,422,547,600)");
    }
}
