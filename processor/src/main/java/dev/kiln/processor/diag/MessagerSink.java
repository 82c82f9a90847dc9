package dev.kiln.processor.diag;

import dev.kiln.processor.model.SourceRef;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * The only place that talks to {@link Messager}. Prints each distinct finding once: a block used
 * by two models reports its own mistakes once, not twice.
 */
public final class MessagerSink {
    private final Messager messager;
    private final Set<String> printed = new HashSet<>();

    public MessagerSink(Messager messager) {
        this.messager = messager;
    }

    public void print(Report report, Element fallback) {
        for (Diagnostic d : report.diagnostics()) {
            print(d, fallback);
        }
    }

    public void print(Diagnostic d, Element fallback) {
        SourceRef at = d.where();
        Element element = at.element() != null ? at.element() : fallback;
        String key = d.message() + '@' + System.identityHashCode(element) + '@'
                + System.identityHashCode(at.annotation()) + '@' + System.identityHashCode(at.value());
        if (!printed.add(key)) {
            return;
        }
        Kind kind = d.isError() ? Kind.ERROR : Kind.WARNING;
        if (element == null) {
            messager.printMessage(kind, d.message());
        } else if (at.annotation() == null) {
            messager.printMessage(kind, d.message(), element);
        } else if (at.value() == null) {
            messager.printMessage(kind, d.message(), element, at.annotation());
        } else {
            messager.printMessage(kind, d.message(), element, at.annotation(), at.value());
        }
    }
}
