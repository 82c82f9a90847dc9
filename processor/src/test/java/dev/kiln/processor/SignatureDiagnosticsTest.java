package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Fixtures.assertError;
import static dev.kiln.processor.Fixtures.assertOnlyError;
import static dev.kiln.processor.Fixtures.compile;
import static dev.kiln.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mistakes of form: what is annotated, method signatures, annotation mixes and names. */
class SignatureDiagnosticsTest {

    @Test
    void modelOnAClass() {
        JavaFileObject file = source("diagnostics/NotAnInterface/NotAnInterface.java");
        assertOnlyError(compile(file), "NotAnInterface", file, "@Model(",
                "@Model goes on an interface, but NotAnInterface is a class", "'public interface NotAnInterface'");
    }

    @Test
    void blockOnAClass() {
        JavaFileObject file = source("diagnostics/NotAnInterface/BlockClass.java");
        assertOnlyError(compile(file), "NotAnInterface", file, "@Block",
                "@Block goes on an interface, but BlockClass is a class");
    }

    @Test
    void modelOnAnEnum() {
        JavaFileObject file = source("diagnostics/NotAnInterface/ModelEnum.java");
        assertOnlyError(compile(file), "NotAnInterface", file, "@Model(",
                "@Model goes on an interface, but ModelEnum is an enum");
    }

    @Test
    void indArrayWithoutItsImport() {
        JavaFileObject file = source("diagnostics/BadSignature/MissingImport.java");
        Compilation c = compile(file);
        assertError(c, "BadSignature", file, "INDArray logits(",
                "(INDArray cannot be found: import org.nd4j.linalg.api.ndarray.INDArray)");
        assertThat(c).hadErrorContaining("cannot find symbol");
    }

    @Test
    void blockUsedAsModel() {
        JavaFileObject file = source("diagnostics/BlockUsedAsModel/BlockUsedAsModel.java");
        assertOnlyError(compile(file), "BlockUsedAsModel", file, "@Model(",
                "either a @Model or a @Block, not both", "remove @Model");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            WrongReturnType    | double[] logits(        | a layer returns INDArray, but logits returns double[]
            WrongParameterType | INDArray logits(float[] | parameter input is float[], but a layer's inputs are INDArray
            DefaultMethod      | default INDArray logits | logits is a default method; a layer is an abstract method
            StaticMethod       | static INDArray logits  | logits is static; a layer is an abstract method
            GenericMethod      | <T> INDArray logits     | logits is generic; a layer method takes and returns INDArray
            NoParameters       | INDArray logits();      | logits takes no inputs
            ThrowsClause       | throws Exception        | logits declares thrown exceptions
            GenericModel       | @Model(                 | GenericModel is generic; a model has no type parameters
            """)
    void badSignature(String fixture, String line, String message) {
        JavaFileObject file = source("diagnostics/BadSignature/" + fixture + ".java");
        assertOnlyError(compile(file), "BadSignature", file, line, message);
    }

    @Test
    void methodWithoutLayerAnnotation() {
        JavaFileObject file = source("diagnostics/NoLayerAnnotation/NoLayerAnnotation.java");
        assertOnlyError(compile(file), "NoLayerAnnotation", file, "INDArray passThrough(",
                "passThrough: the method has no layer annotation", "a linear pass-through is not a layer");
    }

    @Test
    void convAndDenseOnOneMethod() {
        JavaFileObject file = source("diagnostics/ConflictingLayers/ConvAndDense.java");
        assertOnlyError(compile(file), "ConflictingLayers", file, "@Dense(units = 32)",
                "mixed: @Conv with @Dense on one method", "split them into two methods");
    }

    @Test
    void residualWithAnActivation() {
        JavaFileObject file = source("diagnostics/ConflictingLayers/ResidualWithRelu.java");
        assertOnlyError(compile(file), "ConflictingLayers", file, "@Relu",
                "stage: @Residual with @Relu on one method");
    }

    @Test
    void overloadedMethod() {
        JavaFileObject file = source("diagnostics/DuplicateLayer/DuplicateLayer.java");
        assertOnlyError(compile(file), "DuplicateLayer", file, "INDArray conv(INDArray input, INDArray other)",
                "two methods are named 'conv'", "rename one");
    }

    @Test
    void methodNamedInput() {
        JavaFileObject file = source("diagnostics/ReservedName/ReservedName.java");
        assertError(compile(file), "ReservedName", file, "INDArray input(INDArray input)",
                "'input' names the model's input and cannot be a layer");
    }

    /** Found by MalformedSourcesTest once it looked into generated files: the generated class could not see the model. */
    @Test
    void privateModel() {
        JavaFileObject file = source("diagnostics/PrivateModel/PrivateModel.java");
        assertOnlyError(compile(file), "PrivateModel", file, "@Model(",
                "Inner: Inner is private, but Kiln's generated class implements the model from outside it, in package fixtures");
        JavaFileObject nested = source("diagnostics/PrivateModel/InsidePrivateClass.java");
        assertOnlyError(compile(nested), "PrivateModel", nested, "@Model(", "Net: its enclosing class Hidden is private");
    }

    @Test
    void modelWithoutLayers() {
        JavaFileObject file = source("diagnostics/EmptyDeclaration/EmptyDeclaration.java");
        assertOnlyError(compile(file), "EmptyDeclaration", file, "@Model(",
                "EmptyDeclaration: the model declares no layers");
    }
}
