package dev.kiln.processor.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Sorts a finished compilation by its diagnostics; a clean one is left to {@link GeneratedRunner}. */
final class Verdict {
    /** An exception class or a stack frame, as in {@code MalformedSourcesTest}. */
    private static final Pattern THROWABLE = Pattern.compile("java\\.lang\\.\\w*(Exception|Error)\\b|\\tat ");
    private static final Pattern TAG = Pattern.compile("^\\[Kiln/(\\w+)]");

    private Verdict() {}

    /** The outcome the diagnostics decide, or null for a clean compile whose output must be run. */
    static Outcome of(MemoryCompiler.Result c) {
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            String message = d.getMessage(Locale.ROOT);
            if (message.contains("[Kiln/InternalError]")) {
                return Outcome.of(Outcome.Type.INTERNAL_ERROR, firstLine(message));
            }
            if (message.contains("threw an uncaught exception")) {
                return Outcome.of(Outcome.Type.CRASH, firstLine(message));
            }
            if (THROWABLE.matcher(message).find()) {
                return Outcome.of(Outcome.Type.EXCEPTION_IN_MESSAGE, message);
            }
            if (d.getKind() == Diagnostic.Kind.ERROR && MemoryCompiler.isGenerated(d.getSource())) {
                return Outcome.of(Outcome.Type.BAD_GENERATED_CODE, d.getSource().getName() + ":" + d.getLineNumber()
                        + ": " + firstLine(message));
            }
        }
        if (c.success()) {
            return null;
        }
        List<Diagnostic<? extends JavaFileObject>> errors = c.diagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
        if (errors.isEmpty()) {
            return Outcome.of(Outcome.Type.CRASH, "javac failed without reporting an error");
        }
        Set<String> tags = new TreeSet<>();
        for (Diagnostic<? extends JavaFileObject> e : errors) {
            Matcher m = TAG.matcher(e.getMessage(Locale.ROOT));
            if (m.find()) {
                tags.add(m.group(1));
            }
        }
        if (!tags.isEmpty()) {
            return Outcome.of(Outcome.Type.KILN_DIAGNOSTICS, String.join(" ", tags));
        }
        return Outcome.of(Outcome.Type.JAVAC_ONLY, firstLine(errors.get(0).getMessage(Locale.ROOT)));
    }

    static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }
}
