package dev.kiln.processor.read;

import dev.kiln.processor.model.SourceRef;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * The attribute values of one annotation mirror, defaults included, read defensively: in a
 * source with errors javac hands over values of the wrong type, and that must mark the
 * declaration broken (javac has already said why), never throw.
 */
final class AnnotationValues {
    private final Map<String, Object> values = new HashMap<>();
    private final SourceRef ref;
    private boolean broken;

    AnnotationValues(Elements elements, Element element, AnnotationMirror mirror) {
        Map<String, AnnotationValue> explicit = new HashMap<>();
        mirror.getElementValues().forEach((k, v) -> explicit.put(k.getSimpleName().toString(), v));
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : elements.getElementValuesWithDefaults(mirror).entrySet()) {
            AnnotationValue v = e.getValue();
            values.put(e.getKey().getSimpleName().toString(), v == null ? null : v.getValue());
        }
        this.ref = SourceRef.of(element).on(mirror, explicit);
    }

    SourceRef ref() {
        return ref;
    }

    /** True when some value was missing or of the wrong type (javac reports those itself). */
    boolean broken() {
        return broken;
    }

    int intValue(String name) {
        if (values.get(name) instanceof Integer i) {
            return i;
        }
        broken = true;
        return 1;
    }

    long longValue(String name) {
        Object v = values.get(name);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer i) {
            return i;
        }
        broken = true;
        return 0;
    }

    double doubleValue(String name) {
        Object v = values.get(name);
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        broken = true;
        return 0.5;
    }

    boolean booleanValue(String name) {
        if (values.get(name) instanceof Boolean b) {
            return b;
        }
        broken = true;
        return false;
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback) {
        if (values.get(name) instanceof VariableElement constant) {
            try {
                return Enum.valueOf(type, constant.getSimpleName().toString());
            } catch (IllegalArgumentException unknownConstant) {
                broken = true;
                return fallback;
            }
        }
        broken = true;
        return fallback;
    }

    /** A nested annotation value such as {@code @Model(input = @Input(...))}, or null if broken. */
    AnnotationMirror annotationValue(String name) {
        if (values.get(name) instanceof AnnotationMirror m) {
            return m;
        }
        broken = true;
        return null;
    }

    /** A {@code Class<?>} value: the type, which may be an error type not generated yet. */
    TypeMirror typeValue(String name) {
        Object v = values.get(name);
        if (v instanceof TypeMirror t && (t.getKind() == TypeKind.DECLARED || t.getKind() == TypeKind.ERROR)) {
            return t;
        }
        broken = true;
        return null;
    }

    /**
     * True when the {@code Class<?>} value {@code name} names a type javac cannot resolve (yet):
     * javac then hands over the string {@code "<error>"} instead of a type, or an error type.
     */
    boolean isUnresolvedType(String name) {
        Object v = values.get(name);
        return v instanceof String || (v instanceof TypeMirror t && isUnresolved(t));
    }

    /** The {@code Class<?>} value {@code name} when it is {@code int.class}, {@code void.class} or an array, which no interface can be; else null. */
    TypeMirror nonDeclaredType(String name) {
        Object v = values.get(name);
        return v instanceof TypeMirror t && t.getKind() != TypeKind.DECLARED && t.getKind() != TypeKind.ERROR ? t : null;
    }

    static boolean isUnresolved(TypeMirror t) {
        return t.getKind() == TypeKind.ERROR
                || (t instanceof DeclaredType d && d.asElement().asType().getKind() == TypeKind.ERROR);
    }
}
