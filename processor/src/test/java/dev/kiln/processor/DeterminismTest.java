package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Fixtures.compile;
import static dev.kiln.processor.Fixtures.generatedSource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** The same declaration always generates the same bytes: no timestamps, no hash-order iteration. */
class DeterminismTest {

    @Test
    void twoCompilationsGenerateIdenticalSource() {
        String first = generate("valid/ResNetLike.java", "valid/BasicBlock.java");
        String second = generate("valid/ResNetLike.java", "valid/BasicBlock.java");
        assertEquals(first, second);
    }

    @Test
    void sourceOrderDoesNotMatter() {
        String modelFirst = generate("valid/ResNetLike.java", "valid/BasicBlock.java");
        String blockFirst = generate("valid/BasicBlock.java", "valid/ResNetLike.java");
        assertEquals(modelFirst, blockFirst);
    }

    private static String generate(String... sources) {
        Compilation c = compile(sources);
        assertThat(c).succeededWithoutWarnings();
        return generatedSource(c, "fixtures.KilnResNetLike");
    }
}
