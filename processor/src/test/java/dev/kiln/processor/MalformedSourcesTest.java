package dev.kiln.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The processor never crashes: sources javac cannot make sense of, values of the wrong type,
 * annotations in the wrong place. Each either fails to compile or compiles with nothing but
 * Kiln's own diagnostics, and no diagnostic betrays an exception.
 */
class MalformedSourcesTest {
    private static final Pattern THROWABLE = Pattern.compile("java\\.lang\\.\\w*(Exception|Error)\\b|\\tat ");

    static Stream<Arguments> cases() {
        return MalformedSources.CASES.stream().map(c -> Arguments.of(c.name(), c.source()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void neverCrashes(String name, String source) {
        JavaFileObject file = JavaFileObjects.forSourceString("fixtures.T", source);
        Compilation c = javac().withProcessors(new KilnProcessor()).compile(file);
        List<Diagnostic<? extends JavaFileObject>> all = List.copyOf(c.diagnostics());
        String first = c.errors().isEmpty() ? "(no error)" : c.errors().get(0).getMessage(Locale.ROOT).lines().findFirst().orElse("");
        System.out.printf("%-28s %-9s %s%n", name, c.status(), first);
        for (Diagnostic<? extends JavaFileObject> d : all) {
            String message = d.getMessage(Locale.ROOT);
            assertFalse(message.contains("threw an uncaught exception"), message);
            assertFalse(message.contains("InternalError"), message);
            // javac may name java.lang.String; no message may name an exception or error class.
            assertFalse(THROWABLE.matcher(message).find(), message);
            if (message.startsWith("[Kiln/")) {
                assertFalse(message.contains("java.lang."), message);
            }
            // What Kiln generates must compile: no diagnostic may point into a generated file.
            assertFalse(d.getSource() != null && d.getSource().toUri().toString().contains("SOURCE_OUTPUT"),
                    () -> name + ": the generated code does not compile: " + message);
        }
        if (c.status() == Compilation.Status.SUCCESS) {
            assertTrue(all.stream().allMatch(d -> d.getMessage(Locale.ROOT).startsWith("[Kiln/")),
                    () -> name + " compiled with diagnostics that are not Kiln's: " + all);
        } else {
            assertFalse(c.errors().isEmpty(), name + " failed without an error");
        }
    }

    /** Sources javac accepts but Kiln must reject, with nothing but its own error. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kilnMustObject")
    void kilnReportsWhatJavacAccepts(String name, String source, String tag) {
        Compilation c = javac().withProcessors(new KilnProcessor())
                .compile(JavaFileObjects.forSourceString("fixtures.T", source));
        assertEquals(Compilation.Status.FAILURE, c.status(), name);
        assertTrue(c.errors().stream().allMatch(d -> d.getMessage(Locale.ROOT).startsWith("[Kiln/" + tag + "]")),
                () -> name + ": " + c.errors());
    }

    static Stream<Arguments> kilnMustObject() {
        return MalformedSources.KILN_MUST_OBJECT.stream().map(c -> Arguments.of(c.name(), c.source(), c.tag()));
    }
}
