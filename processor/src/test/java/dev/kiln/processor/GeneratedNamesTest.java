package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Fixtures.assertOnlyError;
import static dev.kiln.processor.Fixtures.compile;
import static dev.kiln.processor.Fixtures.generatedSource;
import static dev.kiln.processor.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Layer names that are also names in the generated class. Found by {@code fuzz.ProcessorFuzzTest}
 * renaming layers: {@code pooled} next to {@code Pooled} defined {@code forwardPooled} twice, and a
 * parameter named {@code a} hid the buffers the method body uses, so the generated
 * code did not compile.
 */
class GeneratedNamesTest {

    @Test
    void namesTheGeneratedClassUsesStillCompile() {
        Compilation c = compile("valid/ClashingNames.java");
        assertThat(c).succeededWithoutWarnings();
        String generated = generatedSource(c, "fixtures.KilnClashingNames");
        assertTrue(generated.contains("private void forwardA() {"), generated);
        assertTrue(generated.contains("private void forwardA2() {"), generated);
        assertTrue(generated.contains("public INDArray Inputs(INDArray a_, INDArray A)"), generated);
        assertTrue(generated.contains("Activations a = buffersFor(\"Inputs(a)\", a_, new long[] {4, 8, 8});"), generated);
    }

    @Test
    void namesTheConcurrencyCodeUsesStillCompile() {
        Compilation c = compile("valid/GuardNames.java");
        assertThat(c).succeededWithoutWarnings();
        String generated = generatedSource(c, "fixtures.KilnGuardNames");
        assertTrue(generated.contains("public INDArray source(INDArray guard) {\n        enter(\"source\");"), generated);
        assertTrue(generated.contains("public INDArray replica(INDArray source)"), generated);
        assertTrue(generated.contains("public KilnGuardNames replica() {"), generated);
        assertTrue(generated.contains("return withSettings(new KilnGuardNames(dataType(), params, seed));"), generated);
        assertTrue(generated.contains("this.seed = seed;"), generated);
    }

    @Test
    void namesTheBaseClassUsesStillCompile() {
        Compilation c = compile("valid/BaseClassNames.java");
        assertThat(c).succeededWithoutWarnings();
        String generated = generatedSource(c, "fixtures.KilnBaseClassNames");
        assertTrue(generated.contains("private void backwardLayers() {"), generated);
        assertTrue(generated.contains("protected void runBackward() {"), generated);
        assertTrue(generated.contains("public INDArray loadInput(INDArray layers)"), generated);
        assertTrue(generated.contains("protected void loadInput(INDArray input, Activations a)"), generated);
    }

    @Test
    void aLayerNamedAfterANetworkMethodIsReserved() {
        JavaFileObject file = source("diagnostics/ReservedName/NetworkMethod.java");
        assertOnlyError(compile(file), "ReservedName", file, "INDArray predict(INDArray input)",
                "predict: 'predict' is a method of every generated network (Network.predict(INDArray))",
                "rename the method");
    }
}
