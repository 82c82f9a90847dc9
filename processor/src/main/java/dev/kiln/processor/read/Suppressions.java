package dev.kiln.processor.read;

import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;

/** The Kiln codes an element silences with {@code @SuppressWarnings("kiln:UnusedLayer")}. */
final class Suppressions {
    private static final String PREFIX = "kiln:";

    private Suppressions() {}

    static Set<String> of(Element element) {
        SuppressWarnings annotation = element.getAnnotation(SuppressWarnings.class);
        Set<String> codes = new HashSet<>();
        if (annotation != null) {
            for (String value : annotation.value()) {
                if (value.startsWith(PREFIX)) {
                    codes.add(value.substring(PREFIX.length()));
                }
            }
        }
        return codes;
    }
}
