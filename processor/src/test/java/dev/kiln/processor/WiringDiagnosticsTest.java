package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Fixtures.assertError;
import static dev.kiln.processor.Fixtures.assertOnlyError;
import static dev.kiln.processor.Fixtures.assertWarning;
import static dev.kiln.processor.Fixtures.compile;
import static dev.kiln.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names and wiring inside one declaration: parameters bound to layers, merges, cycles, unread layers. */
class WiringDiagnosticsTest {

    @Test
    void misspelledParameterGetsASuggestion() {
        JavaFileObject file = source("diagnostics/UnknownInput/UnknownInput.java");
        assertOnlyError(compile(file), "UnknownInput", file, "INDArray logits(INDArray conv)",
                "logits: parameter 'conv' names no layer of UnknownInput", "did you mean 'conv1'?");
    }

    @Test
    void layersThatReadEachOther() {
        JavaFileObject file = source("diagnostics/LayerCycle/LayerCycle.java");
        assertOnlyError(compile(file), "LayerCycle", file, "INDArray a(INDArray stem, INDArray b)",
                "the layers form a cycle, a → b → a");
    }

    @Test
    void noLayerReadsTheInput() {
        JavaFileObject file = source("diagnostics/NoInput/NoInput.java");
        Compilation c = compile(file);
        assertError(c, "NoInput", file, "@Model(", "no layer of NoInput takes 'input'", "INDArray stem(INDArray input)");
        // Without 'input' some layer must read an unknown name (here 'image'): both are reported.
        assertError(c, "UnknownInput", file, "INDArray conv(INDArray image)", "parameter 'image' names no layer");
        assertThat(c).hadErrorCount(2);
    }

    @Test
    void unreadLayerIsAWarning() {
        JavaFileObject file = source("diagnostics/UnusedLayer/UnusedLayer.java");
        Compilation c = compile(file);
        assertWarning(c, "UnusedLayer", file, "INDArray side(INDArray input)",
                "side: nothing takes the output of 'side'", "@SuppressWarnings(\"kiln:UnusedLayer\")");
        assertThat(c).generatedSourceFile("fixtures.KilnUnusedLayer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UnusedLayerSuppressed", "UnusedLayerSuppressedOnModel"})
    void unreadLayerWarningCanBeSilenced(String fixture) {
        Compilation c = compile("diagnostics/UnusedLayer/" + fixture + ".java");
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("fixtures.Kiln" + fixture);
    }

    @Test
    void twoInputsWithoutAMerge() {
        JavaFileObject file = source("diagnostics/MissingMerge/MissingMerge.java");
        assertOnlyError(compile(file), "MissingMerge", file, "INDArray joined(INDArray left, INDArray right)",
                "joined: the method takes 2 inputs (left, right) but does not say how to merge them", "@Add", "@Concat");
    }

    @Test
    void addWithOneInput() {
        JavaFileObject file = source("diagnostics/MergeNeedsTwoInputs/MergeNeedsTwoInputs.java");
        assertOnlyError(compile(file), "MergeNeedsTwoInputs", file, "@Add",
                "sum: @Add merges two or more inputs, but the method takes 1");
    }
}
