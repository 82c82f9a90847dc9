package dev.kiln.processor.diag;

import dev.kiln.processor.model.SourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Collects what the stages find instead of printing it, so every stage is a function that can
 * be tested without javac, and so checking goes on after the first error.
 */
public final class Report {
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    public void error(Code code, SourceRef where, Object... args) {
        diagnostics.add(new Diagnostic(code, code.format(args), where));
    }

    /** A warning unless {@code suppressed} holds its code (from {@code @SuppressWarnings("kiln:…")}). */
    public void warning(Code code, SourceRef where, Set<String> suppressed, Object... args) {
        if (!suppressed.contains(code.tag()) && !suppressed.contains("all")) {
            diagnostics.add(new Diagnostic(code, code.format(args), where));
        }
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }

    public void addAll(Report other) {
        diagnostics.addAll(other.diagnostics);
    }
}
