package dev.kiln.processor.emit;

import dev.kiln.processor.shape.ShapedGraph;
import dev.kiln.processor.shape.ShapedLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The model's account as a plain-text table: per layer its dotted name, kind, output shape,
 * trainable parameters and multiply-accumulates per image, then totals. Deterministic: the
 * same graph always gives the same bytes.
 */
public final class SummaryText {
    private static final String[] HEADER = {"layer", "kind", "output", "params", "MACs", "FLOPs"};

    private SummaryText() {}

    /** The table plus what a float32 training step's planned buffers take at a few batch sizes. */
    public static String render(ShapedGraph g, long fixedElements, long elementsPerExample) {
        StringBuilder s = new StringBuilder(render(g));
        s.append(String.format(Locale.ROOT, "training step memory (float32, planned buffers): %s + %s per example",
                bytes(4 * fixedElements), bytes(4 * elementsPerExample)));
        s.append(String.format(Locale.ROOT, "; at batch 32: %s, at batch 128: %s%n",
                bytes(4 * (fixedElements + 32 * elementsPerExample)), bytes(4 * (fixedElements + 128 * elementsPerExample)))
                .replace(System.lineSeparator(), "\n"));
        return s.toString();
    }

    private static String bytes(long b) {
        if (b >= 10L << 20) {
            return String.format(Locale.ROOT, "%,.1f MiB", b / 1048576.0);
        }
        return String.format(Locale.ROOT, "%,.1f KiB", b / 1024.0);
    }

    public static String render(ShapedGraph g) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ShapedLayer l : g.layers()) {
            rows.add(new String[] {l.name(), l.kind(), l.output().toString(), number(l.parameters()), number(l.macs()), number(2 * l.macs())});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(g.graph().model().simpleName()).append(": input ").append(g.input())
                .append(", output ").append(g.output()).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            line(s, rows.get(r), width);
            if (r == 0) {
                String[] rule = new String[HEADER.length];
                for (int i = 0; i < rule.length; i++) {
                    rule[i] = "-".repeat(width[i]);
                }
                line(s, rule, width);
            }
        }
        s.append(String.format(Locale.ROOT, "trainable parameters: %,d%n", g.parameters()).replace(System.lineSeparator(), "\n"));
        s.append(String.format(Locale.ROOT, "running statistics (state, not parameters): %,d values%n", g.state())
                .replace(System.lineSeparator(), "\n"));
        s.append(String.format(Locale.ROOT, "multiply-accumulates per image: %,d (%,d FLOPs)%n", g.macs(), 2 * g.macs())
                .replace(System.lineSeparator(), "\n"));
        return s.toString();
    }

    private static void line(StringBuilder s, String[] row, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            boolean numeric = i >= 3;
            String cell = numeric ? pad(row[i], width[i], true) : pad(row[i], width[i], false);
            line.append(i == 0 ? "" : "  ").append(cell);
        }
        s.append(line.toString().stripTrailing()).append('\n');
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(width - text.length());
        return right ? fill + text : text + fill;
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
