package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.processor.diag.Code;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the catalogue whole: every {@link Code} has fixtures under
 * {@code src/test/resources/diagnostics/<Tag>/}, a test that asserts its tag, and an entry in
 * {@code docs/diagnostics.md}. Paths are relative to the module directory, where Maven runs tests.
 */
class DiagnosticCatalogTest {
    private static final Path FIXTURES = Path.of("src", "test", "resources", "diagnostics");
    private static final Path TESTS = Path.of("src", "test", "java");
    private static final Path DOC = Path.of("..", "docs", "diagnostics.md");

    /** INTERNAL_ERROR is a bug in Kiln: no source can provoke it on purpose. */
    private static List<Code> provocable() {
        return Arrays.stream(Code.values()).filter(c -> c != Code.INTERNAL_ERROR).toList();
    }

    @Test
    void tagsAreUniqueAndWellFormed() {
        Set<String> tags = new TreeSet<>();
        for (Code c : Code.values()) {
            assertTrue(c.tag().matches("[A-Z][A-Za-z]+"), c.tag());
            assertTrue(tags.add(c.tag()), "duplicate tag " + c.tag());
        }
    }

    @Test
    void everyCodeHasAFixtureAndEveryFixtureACode() throws IOException {
        Set<String> dirs;
        try (Stream<Path> s = Files.list(FIXTURES)) {
            dirs = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> tags = provocable().stream().map(Code::tag).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(tags, dirs, "diagnostics/<Tag>/ directories");
        for (String tag : tags) {
            try (Stream<Path> s = Files.list(FIXTURES.resolve(tag))) {
                assertTrue(s.anyMatch(p -> p.toString().endsWith(".java")), "no fixture in diagnostics/" + tag);
            }
        }
    }

    @Test
    void everyCodeIsAssertedByATest() throws IOException {
        String tests;
        try (Stream<Path> s = Files.walk(TESTS)) {
            tests = s.filter(p -> p.toString().endsWith("Test.java")).map(DiagnosticCatalogTest::read)
                    .collect(Collectors.joining("\n"));
        }
        for (Code c : provocable()) {
            assertTrue(tests.contains('"' + c.tag() + '"'), "no test asserts \"" + c.tag() + "\"");
        }
    }

    @Test
    void everyCodeIsDocumented() {
        assertTrue(Files.exists(DOC), DOC.toAbsolutePath() + " is missing");
        String doc = read(DOC);
        for (Code c : Code.values()) {
            assertTrue(doc.contains("[Kiln/" + c.tag() + "]"), "docs/diagnostics.md does not show [Kiln/" + c.tag() + "]");
            assertTrue(doc.contains("## " + c.tag()), "docs/diagnostics.md has no section '## " + c.tag() + "'");
        }
        assertFalse(doc.contains("TODO"), "docs/diagnostics.md has a TODO");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
