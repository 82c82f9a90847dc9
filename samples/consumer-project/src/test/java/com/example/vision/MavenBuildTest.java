package com.example.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This project built again by Maven, in a copy, after the changes a user makes: what Maven's
 * output and target folder show. (maven-compiler-plugin recompiles the whole module when a
 * source changes, and clears the classes and generated sources of a module it recompiles.)
 */
class MavenBuildTest {
    @TempDir
    Path dir;

    @Test
    void editingABlockRegeneratesTheModelThatUsesIt() throws Exception {
        ProjectCopy copy = new ProjectCopy(dir);
        compiles(copy);
        String before = Files.readString(copy.generatedByMaven("KilnPatchNet"));
        assertFalse(conv2WithRelu().matcher(before).find(), before);

        edit(copy.source("ResidualUnit"), "@Conv(kernel = 3) @BatchNorm\n", "@Conv(kernel = 3) @BatchNorm @Relu\n");
        compiles(copy);

        String after = Files.readString(copy.generatedByMaven("KilnPatchNet"));
        assertNotEquals(before, after);
        assertTrue(conv2WithRelu().matcher(after).find(), after);
    }

    @Test
    void deletingAModelRemovesItsGeneratedClass() throws Exception {
        ProjectCopy copy = new ProjectCopy(dir);
        copy.addFixture("ExtraNet");
        compiles(copy);
        assertTrue(Files.exists(copy.generatedByMaven("KilnExtraNet")));
        assertTrue(Files.exists(copy.classByMaven("KilnExtraNet")));

        Files.delete(copy.source("ExtraNet"));
        compiles(copy);

        assertFalse(Files.exists(copy.generatedByMaven("KilnExtraNet")), "stale generated source left behind");
        assertFalse(Files.exists(copy.classByMaven("KilnExtraNet")), "stale generated class left behind");
        assertTrue(Files.exists(copy.generatedByMaven("KilnPatchNet")));
    }

    @Test
    void aKilnErrorShowsItsCodeMessageAndTheUsersFileAndLineInMavensOutput() throws Exception {
        ProjectCopy copy = new ProjectCopy(dir);
        Path broken = copy.addFixture("BrokenNet");

        ProjectCopy.Run run = copy.mavenCompile();

        assertNotEquals(0, run.exitCode(), run.output());
        Matcher m = Pattern.compile("\\[ERROR] (/\\S+\\.java):\\[(\\d+),(\\d+)] (\\[Kiln/UnknownInput] .*)").matcher(run.output());
        assertTrue(m.find(), run.output());
        assertEquals(broken.toRealPath(), Path.of(m.group(1)).toRealPath());
        assertEquals(lineOf(broken, "INDArray unit1(INDArray stme);"), Integer.parseInt(m.group(2)));
        assertEquals("[Kiln/UnknownInput] unit1: parameter 'stme' names no layer of BrokenNet; a parameter takes"
                + " the output of the method with its name, or 'input'; did you mean 'stem'?", m.group(4));
        assertFalse(Files.exists(copy.generatedByMaven("KilnBrokenNet")), "a model with an error generates nothing");
    }

    private static Pattern conv2WithRelu() {
        return Pattern.compile("unit1\\.0\\.conv2 +conv 3×3 \\+bn \\+relu ");
    }

    private static void compiles(ProjectCopy copy) throws Exception {
        ProjectCopy.Run run = copy.mavenCompile();
        assertEquals(0, run.exitCode(), run.output());
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " has no '" + from + "'");
        Files.writeString(file, text.replace(from, to));
    }

    static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(file + " has no line with " + text);
    }
}
