package dev.kiln.processor;

import static dev.kiln.processor.Fixtures.assertOnlyError;
import static dev.kiln.processor.Fixtures.compile;
import static dev.kiln.processor.Fixtures.source;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Annotation values that break a rule on their own, without shapes. Each diagnostic points at
 * the attribute, so every fixture writes the bad attribute on a line of its own.
 */
class ValueDiagnosticsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ConvKernelZero       | kernel = 0     | layer: @Conv kernel must be at least 1, but is 0      | kernel = 3
            ConvStrideZero       | stride = 0     | layer: @Conv stride must be at least 1, but is 0      | stride = 1
            ConvDilationNegative | dilation = -2  | layer: @Conv dilation must be at least 1, but is -2   | dilation = 1
            ConvFiltersZero      | filters = 0    | layer: @Conv filters must be at least 1, but is 0     | output channels
            ConvExpansionZero    | expansion = 0  | layer: @Conv expansion must be at least 1, but is 0   | expansion = 1
            PoolSizeZero         | size = 0       | layer: @Pool size must be at least 1, but is 0        | size = 2
            PoolStrideZero       | stride = 0     | layer: @Pool stride must be at least 1, but is 0      | leave it out
            DenseUnitsZero       | units = 0      | layer: @Dense units must be at least 1, but is 0      | number of outputs
            ResidualRepeatZero   | repeat = 0     | layer: @Residual repeat must be at least 1, but is 0  | how many times
            StackStrideZero      | stride = 0     | layer: @Stack stride must be at least 1, but is 0     | stride = 1
            StackFiltersNegative | filters = -4   | layer: @Stack filters must be at least 1, but is -4   | block width
            InputChannelsZero    | channels = 0   | @Input channels must be at least 1, but is 0          | RGB 3
            """)
    void nonPositiveValue(String fixture, String line, String message, String fix) {
        JavaFileObject file = source("diagnostics/NonPositiveValue/" + fixture + ".java");
        assertOnlyError(compile(file), "NonPositiveValue", file, line, message, fix);
    }

    @Test
    void negativeConvPadding() {
        JavaFileObject file = source("diagnostics/InvalidPadding/ConvPaddingNegative.java");
        assertOnlyError(compile(file), "InvalidPadding", file, "padding = -2",
                "conv: @Conv padding must be ≥ 0 (or Conv.SAME), but is -2.");
    }

    @Test
    void negativePoolPaddingIsNotOfferedConvSame() {
        JavaFileObject file = source("diagnostics/InvalidPadding/PoolPaddingNegative.java");
        assertOnlyError(compile(file), "InvalidPadding", file, "padding = -1",
                "pool: @Pool padding must be ≥ 0, but is -1.");
    }

    @Test
    void poolPaddingLargerThanHalfTheWindow() {
        JavaFileObject file = source("diagnostics/PoolPaddingTooLarge/PoolPaddingTooLarge.java");
        assertOnlyError(compile(file), "PoolPaddingTooLarge", file, "padding = 2",
                "size 2 allows ≤ 1), but is 2", "reduce padding or enlarge the window");
    }

    @ParameterizedTest(name = "rate {1}")
    @CsvSource({"RateOne, 1.0", "RateNegative, -0.1"})
    void dropoutRateOutsideZeroToOne(String fixture, String rate) {
        JavaFileObject file = source("diagnostics/InvalidDropoutRate/" + fixture + ".java");
        assertOnlyError(compile(file), "InvalidDropoutRate", file, "@Dropout(rate = " + rate + ")",
                "hidden: @Dropout rate is the drop probability and must be in [0, 1), but is " + rate + ".");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            MomentumTwo   | momentum = 2.0 | @BatchNorm momentum must be in [0, 1] | but is 2.0.
            EpsilonZero   | epsilon = 0    | @BatchNorm epsilon must be greater than 0 | but is 0.0.
            NegativeSlope | slope = -0.5   | @LeakyRelu slope must be a number ≥ 0 that float32 holds, at most 3.4e38 | but is -0.5.
            SlopeBeyondFloat | slope = Double.MAX_VALUE | @LeakyRelu slope must be a number ≥ 0 that float32 holds, at most 3.4e38 | but is 1.7976931348623157E308.
            """)
    void valueOutOfRange(String fixture, String line, String rule, String actual) {
        JavaFileObject file = source("diagnostics/ValueOutOfRange/" + fixture + ".java");
        assertOnlyError(compile(file), "ValueOutOfRange", file, line, "conv: " + rule, actual);
    }

    @Test
    void blockStrideInAModel() {
        JavaFileObject file = source("diagnostics/BlockStrideOutsideBlock/BlockStrideOutsideBlock.java");
        assertOnlyError(compile(file), "BlockStrideOutsideBlock", file, "stride = Conv.BLOCK_STRIDE",
                "conv: stride = Conv.BLOCK_STRIDE only means something inside a @Block", "stride = 2");
    }

    @Test
    void convWithoutFiltersInAModel() {
        JavaFileObject file = source("diagnostics/BlockWidthOutsideBlock/BlockWidthOutsideBlock.java");
        assertOnlyError(compile(file), "BlockWidthOutsideBlock", file, "@Conv(kernel = 3)",
                "conv: @Conv needs filters outside a @Block", "add filters = <number of output channels>");
    }

    @Test
    void expansionWithExplicitFilters() {
        JavaFileObject file = source("diagnostics/ExpansionNeedsBlockWidth/ExpansionNeedsBlockWidth.java");
        assertOnlyError(compile(file), "ExpansionNeedsBlockWidth", file, "expansion = 4",
                "expand: @Conv expansion = 4 multiplies the block width, but filters = 16 is given");
    }

    @Test
    void declaredParameterCountIsWrong() {
        JavaFileObject file = source("diagnostics/ParamCountMismatch/ParamCountMismatch.java");
        assertOnlyError(compile(file), "ParamCountMismatch", file, "params = 1_000",
                "@Model(params = 1,000), but the declaration has 650 trainable parameters (-350)",
                "set params = 650");
    }
}
