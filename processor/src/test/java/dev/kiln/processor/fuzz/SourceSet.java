package dev.kiln.processor.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sources of one fuzz case, all in package {@code fixtures}: the model under test first, then
 * the blocks it may use, each by its simple type name. Immutable; a mutation returns a new set.
 *
 * @param model the simple name of the seed's model, {@code TinyResNet}
 * @param files simple type name → source text, in order
 */
record SourceSet(String model, Map<String, String> files) {
    SourceSet {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    List<String> names() {
        return List.copyOf(files.keySet());
    }

    String text(String name) {
        return files.get(name);
    }

    /** This set with file {@code name} replaced by {@code text}. */
    SourceSet with(String name, String text) {
        Map<String, String> copy = new LinkedHashMap<>(files);
        copy.put(name, text);
        return new SourceSet(model, copy);
    }

    /** One source to compile: its binary name ({@code fixtures.T}) and text. */
    record File(String name, String text) {}

    List<File> inputs() {
        return files.entrySet().stream().map(e -> new File("fixtures." + e.getKey(), e.getValue())).toList();
    }

    /** Every file, headed by its name: what a failure prints so that it can be replayed by hand. */
    String listing() {
        StringBuilder s = new StringBuilder();
        files.forEach((name, text) -> s.append("----- ").append(name).append(".java\n").append(text)
                .append(text.endsWith("\n") ? "" : "\n"));
        return s.toString();
    }
}
