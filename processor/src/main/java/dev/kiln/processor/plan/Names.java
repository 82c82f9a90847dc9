package dev.kiln.processor.plan;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Java identifiers from dotted layer names, one scheme for all: {@code stage1.0.conv1.weight} →
 * {@code stage1_0_conv1Weight}, its gradient {@code dStage1_0_conv1Weight}. Numeric segments
 * join with an underscore; other segments are capitalised. Clashes get a numeric suffix.
 */
final class Names {
    private final Set<String> taken = new HashSet<>();

    Names(Set<String> reserved) {
        taken.addAll(reserved);
    }

    /** A fresh identifier for {@code dotted} plus {@code suffix} ({@code "Lin"}, {@code "Weight"}). */
    String field(String dotted, String suffix) {
        return unique(camel(dotted) + suffix);
    }

    /** The gradient's identifier for a field: {@code d} + capitalised. */
    String gradient(String field) {
        return unique("d" + Character.toUpperCase(field.charAt(0)) + field.substring(1));
    }

    private String unique(String base) {
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + i;
        }
        return name;
    }

    static String camel(String dotted) {
        String[] parts = dotted.split("[._]");
        StringBuilder s = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                continue;
            }
            boolean numeric = isNumber(p) || isNumber(parts[i - 1]);
            s.append(numeric ? "_" + p : p.substring(0, 1).toUpperCase(Locale.ROOT) + p.substring(1));
        }
        return s.toString();
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
