package dev.kiln.processor.model;

import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where a piece of a declaration came from: the element, and where known the annotation and
 * the annotation value, so that a diagnostic's caret lands on the narrowest culprit
 * ({@code stride = 0}). Stages after {@code read} carry it without looking inside.
 */
public record SourceRef(
        Element element,
        AnnotationMirror annotation,
        AnnotationValue value,
        Map<String, AnnotationValue> values,
        String label) {

    /** No location: used by tests of later stages that run without javac. */
    public static final SourceRef NONE = new SourceRef(null, null, null, Map.of(), "?");

    public static SourceRef of(Element element) {
        return new SourceRef(element, null, null, Map.of(), element.getSimpleName().toString());
    }

    /** A location for tests: carries a label only. */
    public static SourceRef synthetic(String label) {
        return new SourceRef(null, null, null, Map.of(), label);
    }

    /** The same element, narrowed to one of its annotations. */
    public SourceRef on(AnnotationMirror mirror, Map<String, AnnotationValue> explicitValues) {
        return new SourceRef(element, mirror, null, Map.copyOf(explicitValues), label);
    }

    /** Narrowed to one attribute of the annotation, when the source gives it explicitly. */
    public SourceRef at(String attribute) {
        AnnotationValue v = values.get(attribute);
        return v == null ? this : new SourceRef(element, annotation, v, values, label);
    }

    /** Whether the source states {@code attribute} explicitly rather than taking its default. */
    public boolean isExplicit(String attribute) {
        return values.containsKey(attribute);
    }
}
