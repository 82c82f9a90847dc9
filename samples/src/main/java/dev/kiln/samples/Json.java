package dev.kiln.samples;

import java.util.Locale;

/** The two things the commands' one-line JSON needs: numbers that stay valid JSON, and escaped strings. */
public final class Json {
    private Json() {}

    /** A finite number as JSON; NaN and infinities, which JSON lacks, as {@code null}. */
    public static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
    }

    /** A JSON string literal, quotes included. */
    public static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
