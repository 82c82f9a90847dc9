package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;

/**
 * Compiles fixture sources from {@code src/test/resources} with Kiln's processor, and asserts
 * on Kiln's diagnostics: the code tag, parts of the message in order, the file and the line.
 */
final class Fixtures {
    private Fixtures() {}

    /** A fixture source, such as {@code diagnostics/UnknownInput/UnknownInput.java}. */
    static JavaFileObject source(String resource) {
        return JavaFileObjects.forResource(resource);
    }

    static Compilation compile(String... resources) {
        return compile(Arrays.stream(resources).map(Fixtures::source).toArray(JavaFileObject[]::new));
    }

    static Compilation compile(JavaFileObject... files) {
        return javac().withProcessors(new KilnProcessor()).compile(files);
    }

    /**
     * Asserts that the compilation failed with an error tagged {@code [Kiln/<tag>]} whose message
     * contains {@code parts} in order, reported in {@code file} on the line containing {@code line}.
     */
    static void assertError(Compilation c, String tag, JavaFileObject file, String line, String... parts) {
        assertThat(c).failed();
        assertThat(c).hadErrorContainingMatch(message(tag, parts)).inFile(file).onLineContaining(line);
    }

    /** As {@link #assertError}, for a warning; the compilation itself succeeds. */
    static void assertWarning(Compilation c, String tag, JavaFileObject file, String line, String... parts) {
        assertThat(c).succeeded();
        assertThat(c).hadWarningContainingMatch(message(tag, parts)).inFile(file).onLineContaining(line);
    }

    /** {@link #assertError} for a fixture that must produce exactly that one error. */
    static void assertOnlyError(Compilation c, String tag, JavaFileObject file, String line, String... parts) {
        assertError(c, tag, file, line, parts);
        assertThat(c).hadErrorCount(1);
    }

    /** {@code [Kiln/<tag>] … part1 … part2 …}, each part literal. */
    static Pattern message(String tag, String... parts) {
        String body = Arrays.stream(parts).map(Pattern::quote).collect(Collectors.joining(".*", ".*", ""));
        return Pattern.compile(Pattern.quote("[Kiln/" + tag + "]") + (parts.length == 0 ? "" : body));
    }

    /** The text of the source file the processor generated for {@code qualifiedName}. */
    static String generatedSource(Compilation c, String qualifiedName) {
        JavaFileObject file = c.generatedSourceFile(qualifiedName)
                .orElseThrow(() -> new AssertionError("Kiln generated no " + qualifiedName + "; diagnostics: " + c.diagnostics()));
        try {
            return file.getCharContent(false).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
