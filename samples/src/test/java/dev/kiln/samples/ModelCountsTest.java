package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.samples.models.KilnPlain20;
import dev.kiln.samples.models.KilnPlain56;
import dev.kiln.samples.models.KilnResNet110;
import dev.kiln.samples.models.KilnResNet20;
import dev.kiln.samples.models.KilnResNet20Cifar;
import dev.kiln.samples.models.KilnResNet56;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The processor's counts against an independent count of the same networks (He et al. 2015,
 * CIFAR design, projection shortcuts, no conv bias before BN, BN weight and bias counted,
 * running statistics not), and against the table in issue 2.
 */
class ModelCountsTest {

    @ParameterizedTest(name = "{0}: {1} parameters, {2} MACs")
    @CsvSource({
        "resnet20,  272186,  31021952",
        "plain20,   269434,  30821248",
        "resnet56,  855482,  96050048",
        "plain56,   852730,  95849344",
        "resnet110, 1730426, 193592192",
    })
    void generatedCountsMatchThePublishedTable(String model, long params, long macs) {
        long[] generated = switch (model) {
            case "resnet20" -> new long[] {KilnResNet20.PARAMETERS, KilnResNet20.MULTIPLY_ACCUMULATES};
            case "plain20" -> new long[] {KilnPlain20.PARAMETERS, KilnPlain20.MULTIPLY_ACCUMULATES};
            case "resnet56" -> new long[] {KilnResNet56.PARAMETERS, KilnResNet56.MULTIPLY_ACCUMULATES};
            case "plain56" -> new long[] {KilnPlain56.PARAMETERS, KilnPlain56.MULTIPLY_ACCUMULATES};
            case "resnet110" -> new long[] {KilnResNet110.PARAMETERS, KilnResNet110.MULTIPLY_ACCUMULATES};
            default -> throw new AssertionError(model);
        };
        assertEquals(params, generated[0], model + " parameters");
        assertEquals(macs, generated[1], model + " multiply-accumulates");
    }

    @ParameterizedTest(name = "depth {0}, residual {1}")
    @CsvSource({"20,true", "20,false", "32,true", "32,false", "44,true", "44,false", "56,true", "56,false",
                "110,true", "110,false"})
    void everySampleMatchesAnIndependentCount(int depth, boolean residual) {
        SampleModel model = SampleModel.byId((residual ? "resnet" : "plain") + depth).orElseThrow();
        assertEquals(HandCount.parameters(1, 28, depth, residual), model.parameters(), model.id());
    }

    @Test
    void resNet20OnCifarShapedInput() {
        assertEquals(272_474, KilnResNet20Cifar.PARAMETERS);
        assertEquals(40_813_184, KilnResNet20Cifar.MULTIPLY_ACCUMULATES);
        assertEquals(HandCount.parameters(3, 32, 20, true), KilnResNet20Cifar.PARAMETERS);
        assertEquals(HandCount.macs(3, 32, 20, true), KilnResNet20Cifar.MULTIPLY_ACCUMULATES);
        assertEquals(HandCount.macs(1, 28, 56, false), KilnPlain56.MULTIPLY_ACCUMULATES);
    }

    @Test
    void summaryTableEndsWithTheTotals() {
        String summary = KilnResNet20.summaryText();
        assertTrue(summary.contains("stage2.0.shortcut"), summary);
        assertTrue(summary.contains("trainable parameters: 272,186"), summary);
        assertTrue(summary.contains("multiply-accumulates per image: 31,021,952 (62,043,904 FLOPs)"), summary);
    }

    /** Layer-by-layer arithmetic for the CIFAR ResNet/plain family, written apart from the processor. */
    static final class HandCount {
        static long parameters(int channels, int side, int depth, boolean residual) {
            int n = (depth - 2) / 6;
            long p = conv(channels, 16, 3) + bn(16);
            int in = 16;
            for (int width : new int[] {16, 32, 64}) {
                for (int b = 0; b < n; b++) {
                    p += conv(in, width, 3) + bn(width) + conv(width, width, 3) + bn(width);
                    if (residual && in != width) {
                        p += conv(in, width, 1) + bn(width);
                    }
                    in = width;
                }
            }
            return p + 64 * 10 + 10;
        }

        static long macs(int channels, int side, int depth, boolean residual) {
            int n = (depth - 2) / 6;
            long m = (long) side * side * 16 * channels * 9;
            int in = 16;
            for (int stage = 0; stage < 3; stage++) {
                int width = 16 << stage;
                for (int b = 0; b < n; b++) {
                    if (b == 0 && stage > 0) {
                        side = (side - 1) / 2 + 1;
                    }
                    long area = (long) side * side;
                    m += area * width * in * 9 + area * width * width * 9;
                    if (residual && in != width) {
                        m += area * width * in;
                    }
                    in = width;
                }
            }
            return m + 64 * 10;
        }

        private static long conv(int in, int out, int k) {
            return (long) in * out * k * k;
        }

        private static long bn(int c) {
            return 2L * c;
        }
    }
}
