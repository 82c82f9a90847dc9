package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.kiln.processor.Fixtures.assertOnlyError;
import static dev.kiln.processor.Fixtures.compile;
import static dev.kiln.processor.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a @Residual or @Stack names: a block, not a model or a plain type; no cycles; found, or waited for. */
class BlockDiagnosticsTest {

    @Test
    void modelUsedAsBlock() {
        JavaFileObject file = source("diagnostics/NotABlock/ModelAsBlock.java");
        assertOnlyError(compile(file), "NotABlock", file, "block = Small.class",
                "stage: Small is not annotated @Block; @Residual repeats a @Block interface");
    }

    @Test
    void plainInterfaceUsedAsBlock() {
        JavaFileObject file = source("diagnostics/NotABlock/PlainInterface.java");
        assertOnlyError(compile(file), "NotABlock", file, "block = Unmarked.class",
                "stage: Unmarked is not annotated @Block; @Stack repeats a @Block interface");
    }

    @Test
    void primitiveClassUsedAsBlock() {
        JavaFileObject file = source("diagnostics/NotABlock/PrimitiveBlock.java");
        assertOnlyError(compile(file), "NotABlock", file, "block = int.class",
                "stage: int is not annotated @Block; @Residual repeats a @Block interface");
    }

    @Test
    void blockThatDoesNotExist() {
        JavaFileObject file = source("diagnostics/MissingBlock/MissingBlock.java");
        Compilation c = compile(file);
        // javac reports the unknown class; Kiln adds nothing and, above all, does not crash.
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("cannot find symbol").inFile(file).onLineContaining("NoSuchBlock.class");
        assertTrue(c.diagnostics().stream().noneMatch(d -> d.getMessage(null).contains("[Kiln/")), c.diagnostics()::toString);
    }

    @Test
    void blocksThatIncludeEachOther() {
        JavaFileObject file = source("diagnostics/BlockCycle/BlockCycle.java");
        assertOnlyError(compile(file), "BlockCycle", file, "block = Outer.class)",
                "again: blocks include each other, Outer → Inner → Outer");
    }

    @Test
    void stackAfterABlockThatEndsInAnotherActivation() {
        JavaFileObject file = source("diagnostics/StackActivationClash/StackActivationClash.java");
        assertOnlyError(compile(file), "StackActivationClash", file, "@Stack(block = TanhBlock.class",
                "stage: @Stack applies ReLU after each repeat of its block", "last layer stage.0.conv ends in @Tanh",
                "add activation = NONE to @Stack");
    }

    @Test
    void stackAfterABlockThatEndsInAveragePooling() {
        JavaFileObject file = source("diagnostics/StackActivationClash/AvgPoolLast.java");
        assertOnlyError(compile(file), "StackActivationClash", file, "activation = Activation.RELU",
                "stage: @Stack applies ReLU", "last layer stage.0.pool ends in @Pool(type = AVG)");
    }

    @Test
    void blockThatIncludesItself() {
        JavaFileObject file = source("diagnostics/BlockCycle/SelfBlock.java");
        assertOnlyError(compile(file), "BlockCycle", file, "block = Itself.class)",
                "again: blocks include each other, Itself → Itself");
    }

    @Test
    void blockFromAClassFileWithoutParameterNames(@TempDir Path classes) throws IOException {
        Compilation block = javac().withOptions("-proc:none")
                .compile(source("diagnostics/BlockWithoutParameterNames/CompiledBlock.java"));
        assertThat(block).succeeded();
        JavaFileObject classFile = block.generatedFile(StandardLocation.CLASS_OUTPUT, "fixtures", "CompiledBlock.class")
                .orElseThrow();
        Path target = classes.resolve("fixtures/CompiledBlock.class");
        Files.createDirectories(target.getParent());
        try (InputStream in = classFile.openInputStream()) {
            Files.copy(in, target);
        }
        List<File> classpath = new ArrayList<>(List.of(classes.toFile()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classpath.add(new File(entry));
        }
        JavaFileObject file = source("diagnostics/BlockWithoutParameterNames/UsesCompiledBlock.java");
        Compilation c = javac().withProcessors(new KilnProcessor()).withClasspath(classpath).compile(file);
        assertOnlyError(c, "BlockWithoutParameterNames", file, "block = CompiledBlock.class",
                "stage: block CompiledBlock comes from a class file compiled without parameter names", "javac -parameters");
    }

    /** A block generated in the first round by another processor: Kiln waits for it instead of giving up. */
    @ParameterizedTest
    @ValueSource(strings = {"UsesLateBlock", "UsesLateBlockInside"})
    void blockGeneratedByAnotherProcessorIsWaitedFor(String model) {
        Compilation c = javac().withProcessors(new KilnProcessor(), new LateBlockProcessor())
                .compile(source("valid/" + model + ".java"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("fixtures.Kiln" + model);
    }

    /** Stands in for another annotation processor: writes {@code fixtures.LateBlock} in its first round. */
    @SupportedAnnotationTypes("*")
    static final class LateBlockProcessor extends AbstractProcessor {
        private boolean written;

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!written) {
                written = true;
                try (Writer out = processingEnv.getFiler().createSourceFile("fixtures.LateBlock").openWriter()) {
                    out.write("package fixtures;\n\nimport dev.kiln.dsl.*;\nimport org.nd4j.linalg.api.ndarray.INDArray;\n\n"
                            + "@Block\npublic interface LateBlock {\n"
                            + "    @Conv(kernel = 3) @BatchNorm @Relu\n    INDArray conv(INDArray input);\n}\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }
}
