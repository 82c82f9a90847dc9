package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Fixtures.compile;
import static dev.kiln.processor.Fixtures.generatedSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated source of small models, compared as exact text with
 * {@code src/test/resources/golden/KilnX.java}: formatting is part of the product. Run with
 * {@code -Dkiln.updateGolden=true} to rewrite the golden files after an intended change, then
 * review the diff.
 */
class GoldenTest {
    /** Relative to the module directory, where Maven runs the tests. */
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final boolean UPDATE = Boolean.getBoolean("kiln.updateGolden");

    @ParameterizedTest(name = "Kiln{0}")
    @CsvSource({"LeNet,", "TinyResNet, BasicBlock", "TinyPlain, BasicBlock", "DocExample, BasicBlock"})
    void generatedSourceMatchesGolden(String model, String block) throws IOException {
        Compilation c = block == null
                ? compile("valid/" + model + ".java")
                : compile("valid/" + model + ".java", "valid/" + block + ".java");
        assertThat(c).succeededWithoutWarnings();
        String actual = generatedSource(c, "fixtures.Kiln" + model);
        Path golden = GOLDEN.resolve("Kiln" + model + ".java");
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            System.out.println("GoldenTest: rewrote " + golden.toAbsolutePath());
            return;
        }
        assertTrue(Files.exists(golden), () -> golden.toAbsolutePath() + " is missing; create it with -Dkiln.updateGolden=true");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
                () -> "Kiln" + model + " differs from " + golden + "; if the change is intended, rerun with -Dkiln.updateGolden=true");
    }
}
