package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Fixtures.compile;
import static dev.kiln.processor.Fixtures.generatedSource;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Where {@code @Stack}'s ReLU after each block lands, as the generated layer table shows it. */
class StackActivationTest {
    private static String table(Compilation c) {
        return generatedSource(c, "fixtures.KilnStackEndings");
    }

    private static void assertRow(String source, String name, String kind) {
        Pattern row = Pattern.compile("\\n \\* " + Pattern.quote(name) + "\\s{2,}" + Pattern.quote(kind) + "\\s{2,}");
        assertTrue(row.matcher(source).find(), name + " should be '" + kind + "' in:\n" + source.substring(0, Math.min(3000, source.length())));
    }

    @Test
    void theReluLandsOnTheBlocksLastLayerOnlyWhereItChangesSomething() {
        Compilation c = compile("valid/StackEndings.java");
        assertThat(c).succeededWithoutWarnings();
        String source = table(c);
        assertRow(source, "first.0.inner.0", "add +relu (identity shortcut)"); // a nested residual's add takes it
        assertRow(source, "second.0.conv", "conv 3×3 +bn +sigmoid");            // never negative: no ReLU needed
        assertRow(source, "third.0.conv", "conv 3×3 +bn +relu +maxpool 2×2/2"); // already a ReLU
        assertRow(source, "fourth.0.conv", "conv 3×3 +bn +sigmoid");            // activation = NONE
        assertTrue(source.contains("first.0.inner.0 (@Residual: add, identity shortcut")
                && source.contains("; then @Stack's ReLU after the block)"), "the add's comment says whose ReLU it applies:\n" + source);
    }
}
