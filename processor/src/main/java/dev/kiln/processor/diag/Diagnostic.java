package dev.kiln.processor.diag;

import dev.kiln.processor.model.SourceRef;

/** One finding: its code, the formatted message and where it points. */
public record Diagnostic(Code code, String message, SourceRef where) {

    public boolean isError() {
        return !code.isWarning();
    }
}
