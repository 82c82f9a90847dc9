package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Fixtures.compile;
import static dev.kiln.processor.Fixtures.generatedSource;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * The output is the last declared method even when another method, declared before it, is
 * computed after it. Found by {@code fuzz.ProcessorFuzzTest}: the class count and the loss's
 * buffer came from the layer computed last, so {@code predict} returned [N,4] from a network
 * that said it had 3 classes.
 */
class OutputLayerTest {

    @Test
    void theClassCountIsTheLastDeclaredMethodsWidth() {
        Compilation c = compile("valid/OutputNotLastComputed.java");
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining("[Kiln/UnusedLayer] logits");
        String generated = generatedSource(c, "fixtures.KilnOutputNotLastComputed");
        assertTrue(generated.contains("new GeneratedNetwork.Facts(\"OutputNotLastComputed\", new long[] {1, 8, 8}, 4,"), generated);
        assertTrue(generated.contains("OutputNotLastComputed: input [N,1,8,8], output [N,4]"), generated);
        assertTrue(generated.contains("lossProbs = Nd4j.zeros(type, n, 4);"), generated);
    }
}
