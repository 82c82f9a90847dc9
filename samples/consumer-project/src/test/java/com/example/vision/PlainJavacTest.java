package com.example.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's plain-javac build ({@code javac-build.sh}): the javac binary, Kiln's processor
 * jar and dsl-annotations on {@code -processorpath}, the annotations, runtime and ND4J's API on
 * {@code -cp}, on a copy of this project's sources.
 */
class PlainJavacTest {
    @TempDir
    Path dir;

    @Test
    void javacAloneGeneratesAndCompilesTheNetwork() throws Exception {
        ProjectCopy copy = new ProjectCopy(dir);

        ProjectCopy.Run run = copy.javacBuild();

        assertEquals(0, run.exitCode(), run.output());
        assertEquals("", run.output().strip(), "a valid model compiles without a warning");
        String generated = Files.readString(dir.resolve("out/generated/com/example/vision/KilnPatchNet.java"));
        assertTrue(generated.contains("public static final long PARAMETERS = 5020L;"), generated);
        assertTrue(Files.exists(dir.resolve("out/classes/com/example/vision/KilnPatchNet.class")));
    }

    @Test
    void javacShowsKilnsCodeMessageFileAndLine() throws Exception {
        ProjectCopy copy = new ProjectCopy(dir);
        Path broken = copy.addFixture("BrokenNet");

        ProjectCopy.Run run = copy.javacBuild();

        assertNotEquals(0, run.exitCode(), run.output());
        int line = MavenBuildTest.lineOf(broken, "INDArray unit1(INDArray stme);");
        String expected = "src/main/java/com/example/vision/BrokenNet.java:" + line + ": error: [Kiln/UnknownInput] unit1:"
                + " parameter 'stme' names no layer of BrokenNet; a parameter takes the output of the method with its"
                + " name, or 'input'; did you mean 'stem'?";
        assertTrue(run.lines().contains(expected), run.output());
        assertFalse(Files.exists(dir.resolve("out/generated/com/example/vision/KilnBrokenNet.java")));
    }
}
