package dev.kiln.runtime.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the one Python literal a {@code .npy} header holds: a dict whose values are
 * quoted strings, {@code True}/{@code False} or tuples of non-negative integers (as
 * {@code long[]}). Anything else is a {@link NpzFormatException} quoting where it went wrong.
 */
final class NpyDict {
    private final String s;
    private final Where at;
    private final int maxRank;
    private int i;

    private NpyDict(String s, Where at, int maxRank) {
        this.s = s;
        this.at = at;
        this.maxRank = maxRank;
    }

    /** The dict's keys and values in order; tuples longer than {@code maxRank} are rejected. */
    static Map<String, Object> parse(String s, Where at, int maxRank) throws NpzFormatException {
        NpyDict p = new NpyDict(s, at, maxRank);
        Map<String, Object> fields = p.dict();
        p.skipSpace();
        if (p.i != s.length()) {
            throw p.fail("only spaces after the dict");
        }
        return fields;
    }

    private Map<String, Object> dict() throws NpzFormatException {
        Map<String, Object> fields = new LinkedHashMap<>();
        expect('{');
        while (!peek('}')) {
            String key = string();
            expect(':');
            Object value = peek('(') ? tuple() : peek('\'') || peek('"') ? string() : bool();
            if (fields.put(key, value) != null) {
                throw at.error("header repeats the key '" + key + "'");
            }
            if (!peek('}') && !peek(',')) {
                throw fail("',' or '}'");
            }
            if (peek(',')) {
                i++;
            }
        }
        expect('}');
        return fields;
    }

    private String string() throws NpzFormatException {
        skipSpace();
        char quote = i < s.length() ? s.charAt(i) : 0;
        int end = quote == '\'' || quote == '"' ? s.indexOf(quote, i + 1) : -1;
        if (end < 0) {
            throw fail("a quoted string");
        }
        String text = s.substring(i + 1, end);
        i = end + 1;
        return text;
    }

    private Boolean bool() throws NpzFormatException {
        for (String word : new String[] {"True", "False"}) {
            if (s.startsWith(word, i)) {
                i += word.length();
                return Boolean.valueOf(word);
            }
        }
        throw fail("True, False, a string or a tuple");
    }

    private long[] tuple() throws NpzFormatException {
        expect('(');
        List<Long> dims = new ArrayList<>();
        while (!peek(')')) {
            int start = i;
            while (i < s.length() && i - start < 20 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            long dim;
            try {
                dim = Long.parseLong(s.substring(start, i));
            } catch (NumberFormatException e) {
                i = start;
                throw fail("a dimension from 0 to " + Long.MAX_VALUE);
            }
            dims.add(dim);
            if (i < s.length() && s.charAt(i) == 'L') {
                i++; // Python 2's long literal, in files NumPy wrote under Python 2
            }
            if (dims.size() > maxRank) {
                throw at.error("shape has more than " + maxRank + " dimensions");
            }
            if (!peek(')') && !peek(',')) {
                throw fail("',' or ')'");
            }
            if (peek(',')) {
                i++;
            }
        }
        expect(')');
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private boolean peek(char c) {
        skipSpace();
        return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) throws NpzFormatException {
        if (!peek(c)) {
            throw fail("'" + c + "'");
        }
        i++;
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private NpzFormatException fail(String expected) {
        String found = i >= s.length() ? "the end" : "'" + s.substring(i, Math.min(s.length(), i + 24)).strip() + "'";
        String dict = s.strip();
        return at.error("header is not a valid dict: expected " + expected + " at character " + i + ", but found "
                + found + " in " + (dict.length() > 200 ? dict.substring(0, 200) + "…" : dict));
    }
}
