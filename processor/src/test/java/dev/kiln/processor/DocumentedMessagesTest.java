package dev.kiln.processor;

import static dev.kiln.processor.Fixtures.compile;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code docs/diagnostics.md} quotes javac's output for each code's fixtures; this compiles the
 * fixtures again and checks that every quoted {@code File.java:line: error: [Kiln/…] …} line is
 * still printed exactly so, file, line and text.
 */
class DocumentedMessagesTest {
    private static final Path DOC = Path.of("..", "docs", "diagnostics.md");
    private static final Path FIXTURES = Path.of("src", "test", "resources", "diagnostics");
    /**
     * Quoted from setups this test does not repeat: a class file compiled without parameter names
     * ({@link BlockDiagnosticsTest}), a lookup that fails after javac ({@link ResolverWithoutJavacTest}),
     * and a processor option ({@link LayoutEquivalenceTest}).
     */
    private static final Set<String> NOT_FROM_SOURCE_ALONE = Set.of("BlockWithoutParameterNames", "MissingBlock", "InvalidOption");
    private static final Pattern SECTION = Pattern.compile("(?m)^## (\\w+)\\n");
    private static final Pattern QUOTED = Pattern.compile("(?m)^\\w+\\.java:\\d+: (error|warning): \\[Kiln/.*$");

    @TestFactory
    Stream<DynamicTest> quotedMessagesAreWhatKilnPrints() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        List<DynamicTest> tests = new ArrayList<>();
        Matcher m = SECTION.matcher(doc);
        List<int[]> bounds = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        while (m.find()) {
            bounds.add(new int[] {m.start(), m.end()});
            tags.add(m.group(1));
        }
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            String section = doc.substring(bounds.get(i)[1], i + 1 < tags.size() ? bounds.get(i + 1)[0] : doc.length());
            if (NOT_FROM_SOURCE_ALONE.contains(tag) || !Files.isDirectory(FIXTURES.resolve(tag))) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(tag, () -> check(tag, section)));
        }
        assertFalse(tests.isEmpty(), "no sections with fixtures found in " + DOC);
        return tests.stream();
    }

    private static void check(String tag, String section) throws IOException {
        Set<String> printed = new TreeSet<>();
        try (Stream<Path> files = Files.list(FIXTURES.resolve(tag))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Compilation c = compile("diagnostics/" + tag + "/" + f.getFileName());
                for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
                    String kind = d.getKind() == Diagnostic.Kind.ERROR ? "error" : "warning";
                    printed.add(f.getFileName() + ":" + d.getLineNumber() + ": " + kind + ": " + d.getMessage(Locale.ROOT));
                }
            }
        }
        Matcher quoted = QUOTED.matcher(section);
        int count = 0;
        while (quoted.find()) {
            count++;
            String line = quoted.group();
            assertTrue(printed.contains(line), () -> "docs/diagnostics.md quotes\n  " + line + "\nbut the fixtures print\n  "
                    + String.join("\n  ", printed));
        }
        assertTrue(count > 0, "section " + tag + " quotes no message");
    }
}
