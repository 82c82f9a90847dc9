package dev.kiln.processor.resolve;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean 'conv2'?": the closest known name by edit distance, when it is close enough. */
final class Suggestions {
    private Suggestions() {}

    static Optional<String> closest(String wrong, Collection<String> known) {
        int limit = Math.max(2, wrong.length() / 3);
        return known.stream()
                .filter(k -> distance(wrong.toLowerCase(), k.toLowerCase()) <= limit)
                .min(Comparator.comparingInt((String k) -> distance(wrong.toLowerCase(), k.toLowerCase()))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
