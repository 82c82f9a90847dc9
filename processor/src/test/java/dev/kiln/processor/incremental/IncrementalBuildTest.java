package dev.kiln.processor.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds where only some sources change, done as Gradle does them for an isolating processor
 * ({@link Workspace}): recompile the changed sources and those whose class files name them,
 * after removing their classes and the files generated from them.
 *
 * <p>{@code SmallResNet} uses block {@code TwoConv}; {@code SmallCnn} uses none. Parameter counts:
 * stem 36 + BN 8; each 3×3 conv of the block 144 + BN 8; dense 4 × 10 + 10.
 */
class IncrementalBuildTest {
    private static final List<String> ALL = List.of("TwoConv", "SmallResNet", "SmallCnn");

    @TempDir
    Path root;

    @Test
    void editingABlockRegeneratesEveryModelThatUsesIt() throws IOException {
        Workspace w = built();
        Path cnn = w.generatedSource("KilnSmallCnn");
        String cnnBefore = Files.readString(cnn);
        assertTrue(Files.readString(w.generatedSource("KilnSmallResNet")).contains("PARAMETERS = 398L;"));

        w.edit("TwoConv", "@Conv(kernel = 3) @BatchNorm\n    INDArray conv2", "@Conv(kernel = 5) @BatchNorm\n    INDArray conv2");
        // The model names its block in a class-retained annotation value, so its class file
        // depends on the block: that is all a build tool needs to recompile it.
        assertEquals(Set.of("SmallResNet"), w.dependentsOf("TwoConv"));
        w.removeOutputsOf("TwoConv");
        assertEquals(List.of("incremental.KilnSmallResNet"), w.removeOutputsOf("SmallResNet"));
        Map<String, List<String>> regenerated = w.compile(List.of("TwoConv", "SmallResNet"));

        assertEquals(Map.of("incremental.KilnSmallResNet", List.of("incremental.SmallResNet")), regenerated);
        // conv2 is now 5×5: 4 × 4 × 25 + 8 = 408 instead of 152.
        String resNet = Files.readString(w.generatedSource("KilnSmallResNet"));
        assertTrue(resNet.contains("PARAMETERS = 654L;"), resNet);
        assertTrue(resNet.contains("conv 5×5"), resNet);
        assertEquals(cnnBefore, Files.readString(cnn), "a model without the block is left as it was");
    }

    @Test
    void editingOnlyAModelReadsItsBlockFromTheEarlierClassFile() throws IOException {
        Workspace w = built();
        w.edit("SmallResNet", "@Dense(units = 10)", "@Dense(units = 7)");
        assertEquals(Set.of(), w.dependentsOf("SmallResNet"));
        w.removeOutputsOf("SmallResNet");

        w.compile(List.of("SmallResNet"));

        // The block came from classes/TwoConv.class, compiled with -parameters; dense now 4 × 7 + 7.
        assertEquals(List.of(), w.diagnostics().stream().filter(d -> d.getKind() != Diagnostic.Kind.NOTE).toList());
        String resNet = Files.readString(w.generatedSource("KilnSmallResNet"));
        assertTrue(resNet.contains("PARAMETERS = 383L;"), resNet);
    }

    @Test
    void deletingAModelRemovesItsGeneratedClassAndNothingElse() throws IOException {
        Workspace w = built();
        w.delete("SmallCnn");
        assertEquals(Set.of(), w.dependentsOf("SmallCnn"));

        assertEquals(List.of("incremental.KilnSmallCnn"), w.removeOutputsOf("SmallCnn"));

        assertFalse(Files.exists(w.generatedSource("KilnSmallCnn")));
        assertFalse(Files.exists(w.classes.resolve("incremental/KilnSmallCnn.class")));
        assertTrue(Files.exists(w.generatedSource("KilnSmallResNet")));
        assertTrue(Files.exists(w.classes.resolve("incremental/KilnSmallResNet.class")));
    }

    @Test
    void aFullRebuildAfterDeletingAModelGeneratesNothingForIt() throws IOException {
        // Maven's way: any change recompiles the whole module. javac deletes nothing itself, so
        // this holds for a clean output folder (see the consumer project's README for Maven).
        Workspace w = new Workspace(root);
        w.add("TwoConv");
        w.add("SmallResNet");

        Map<String, List<String>> generated = w.compile(List.of("TwoConv", "SmallResNet"));

        assertEquals(Set.of("incremental.KilnSmallResNet"), generated.keySet());
        try (var files = Files.list(w.generated.resolve("incremental"))) {
            assertEquals(List.of("KilnSmallResNet.java"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    private Workspace built() throws IOException {
        Workspace w = new Workspace(root);
        for (String name : ALL) {
            w.add(name);
        }
        Map<String, List<String>> generated = w.compile(ALL);
        assertEquals(Map.of(
                "incremental.KilnSmallResNet", List.of("incremental.SmallResNet"),
                "incremental.KilnSmallCnn", List.of("incremental.SmallCnn")), generated);
        return w;
    }
}
