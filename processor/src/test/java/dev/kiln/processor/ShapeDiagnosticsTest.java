package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Fixtures.assertError;
import static dev.kiln.processor.Fixtures.assertOnlyError;
import static dev.kiln.processor.Fixtures.compile;
import static dev.kiln.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Shape mistakes, found by inferring every tensor's shape from the model's input. */
class ShapeDiagnosticsTest {

    @Test
    void addOfUnequalShapes() {
        JavaFileObject file = source("diagnostics/AddShapeMismatch/AddShapeMismatch.java");
        assertOnlyError(compile(file), "AddShapeMismatch", file, "@Add",
                "sum: @Add needs equal shapes, but got [N,4,8,8] and [N,8,8,8]", "use @Concat");
    }

    @Test
    void concatOfUnequalSpatialSize() {
        JavaFileObject file = source("diagnostics/ConcatShapeMismatch/ConcatShapeMismatch.java");
        assertOnlyError(compile(file), "ConcatShapeMismatch", file, "@Concat",
                "joined: @Concat needs inputs of equal spatial size, but got [N,4,8,8] and [N,1,4,4]");
    }

    @Test
    void kernelLargerThanItsUnpaddedInput() {
        JavaFileObject file = source("diagnostics/KernelTooLarge/KernelTooLarge.java");
        assertOnlyError(compile(file), "KernelTooLarge", file, "kernel = 5",
                "conv: the @Conv 5×5 window (5 wide) does not fit the [N,1,3,3] input padded by 0",
                "shrink to 0", "Path: input [N,1,3,3] → conv");
    }

    @Test
    void poolsThatShrinkTheMapToNothing() {
        JavaFileObject file = source("diagnostics/KernelTooLarge/ShrinksToZero.java");
        assertOnlyError(compile(file), "KernelTooLarge", file, "@Pool(type = PoolType.AVG, size = 2)",
                "pool4: the @Pool 2×2 window (2 wide) does not fit the [N,1,1,1] input", "shrink to 0",
                "Path: input [N,1,8,8] → pool1 [N,1,4,4] → pool2 [N,1,2,2] → pool3 [N,1,1,1] → pool4");
    }

    @Test
    void convAfterGlobalPool() {
        JavaFileObject file = source("diagnostics/NeedsSpatialInput/NeedsSpatialInput.java");
        assertOnlyError(compile(file), "NeedsSpatialInput", file, "@Conv(filters = 4, kernel = 1)",
                "conv: @Conv needs a [N,C,H,W] input, but gets [N,1]", "Path: input [N,1,8,8] → pooled [N,1] → conv");
    }

    @Test
    void denseOnAFeatureMap() {
        JavaFileObject file = source("diagnostics/DenseNeedsVector/DenseNeedsVector.java");
        assertOnlyError(compile(file), "DenseNeedsVector", file, "@Dense(units = 10)",
                "logits: @Dense needs a [N,F] input, but gets [N,4,8,8]", "add @Flatten",
                "Path: input [N,1,8,8] → conv [N,4,8,8] → logits");
    }

    @Test
    void identityShortcutAroundAStridedBlock() {
        JavaFileObject file = source("diagnostics/ResidualShapeMismatch/IdentityWithStride.java");
        assertOnlyError(compile(file), "ResidualShapeMismatch", file, "@Residual(block = Halving.class",
                "stage.0: @Residual adds [N,4,4,4] to [N,4,8,8]", "shortcut = IDENTITY allows no shape change");
    }

    @Test
    void zeroPadShortcutCannotRemoveChannels() {
        JavaFileObject file = source("diagnostics/ResidualShapeMismatch/ZeroPadRemovesChannels.java");
        assertOnlyError(compile(file), "ResidualShapeMismatch", file, "@Residual(block = Same.class",
                "stage.0: @Residual adds [N,16,8,8] to [N,32,8,8]", "ZERO_PAD can only add channels, not remove 16",
                "shortcut = PROJECTION");
    }

    @Test
    void stackWhoseLaterRepeatsChangeTheShape() {
        JavaFileObject file = source("diagnostics/StackShapeChange/StackShapeChange.java");
        Compilation c = compile(file);
        assertError(c, "StackShapeChange", file, "@Stack(block = AlwaysHalving.class",
                "stage: repeat 2 of the block turns [N,4,8,8] into [N,4,4,4]", "Conv.BLOCK_STRIDE", "AlwaysHalving");
        assertError(c, "StackShapeChange", file, "@Stack(block = AlwaysHalving.class",
                "stage: repeat 3 of the block turns [N,4,4,4] into [N,4,2,2]");
        assertThat(c).hadErrorCount(2);
    }

    @Test
    void outputIsAFeatureMap() {
        JavaFileObject file = source("diagnostics/OutputNotVector/OutputNotVector.java");
        assertOnlyError(compile(file), "OutputNotVector", file, "INDArray logits(INDArray conv)",
                "logits: the output feeds softmax cross-entropy and must be class scores [N,K], but is [N,10,8,8]");
    }
}
