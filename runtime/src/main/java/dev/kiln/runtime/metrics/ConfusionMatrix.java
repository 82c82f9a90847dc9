package dev.kiln.runtime.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Counts of (true class, predicted class) over an evaluation: accuracy, per-class accuracy,
 * and the matrix itself, printed or saved as CSV. Rows are true classes, columns predictions.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        this.counts = new long[classes][classes];
    }

    /** Adds the first {@code n} rows of {@code logits [N,K]} against {@code labels}; returns how many were right. */
    public int add(INDArray logits, int[] labels, int n) {
        int k = counts.length;
        if (logits.rank() != 2 || logits.size(1) != k || logits.size(0) < n) {
            throw new IllegalArgumentException("ConfusionMatrix.add: logits must be [" + n + "," + k + "], but are "
                    + java.util.Arrays.toString(logits.shape()));
        }
        int right = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestScore = logits.getDouble(i, 0);
            for (int c = 1; c < k; c++) {
                double s = logits.getDouble(i, c);
                if (s > bestScore) {
                    best = c;
                    bestScore = s;
                }
            }
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("ConfusionMatrix.add: label " + i + " is " + labels[i]
                        + ", but classes are 0 to " + (k - 1));
            }
            counts[labels[i]][best]++;
            right += best == labels[i] ? 1 : 0;
        }
        return right;
    }

    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long c : row) {
                t += c;
            }
        }
        return t;
    }

    public double accuracy() {
        long right = 0;
        for (int i = 0; i < counts.length; i++) {
            right += counts[i][i];
        }
        long t = total();
        return t == 0 ? 0 : (double) right / t;
    }

    /** Accuracy among the examples of each true class (NaN for a class never seen). */
    public double[] perClassAccuracy() {
        double[] a = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            long row = 0;
            for (long c : counts[i]) {
                row += c;
            }
            a[i] = row == 0 ? Double.NaN : (double) counts[i][i] / row;
        }
        return a;
    }

    public long count(int trueClass, int predicted) {
        return counts[trueClass][predicted];
    }

    /** The matrix as aligned text with per-class accuracy, class names as row and column labels. */
    public String render(List<String> names) {
        requireNames(names);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-12s", "true\\pred"));
        for (int c = 0; c < counts.length; c++) {
            s.append(String.format(Locale.ROOT, " %11s", abbreviate(names.get(c))));
        }
        s.append("   accuracy\n");
        double[] per = perClassAccuracy();
        for (int r = 0; r < counts.length; r++) {
            s.append(String.format(Locale.ROOT, "%-12s", abbreviate(names.get(r))));
            for (long c : counts[r]) {
                s.append(String.format(Locale.ROOT, " %11d", c));
            }
            s.append(String.format(Locale.ROOT, "   %6.2f %%%n", 100 * per[r]));
        }
        return s.append(String.format(Locale.ROOT, "overall accuracy %.2f %% of %d%n", 100 * accuracy(), total())).toString();
    }

    /** Writes the matrix as CSV (header: true, then one column per predicted class). */
    public void writeCsv(Path file, List<String> names) throws IOException {
        requireNames(names);
        StringBuilder s = new StringBuilder("true");
        for (String n : names) {
            s.append(',').append(n);
        }
        s.append('\n');
        for (int r = 0; r < counts.length; r++) {
            s.append(names.get(r));
            for (long c : counts[r]) {
                s.append(',').append(c);
            }
            s.append('\n');
        }
        Files.writeString(file, s, StandardCharsets.UTF_8);
    }

    private void requireNames(List<String> names) {
        if (names.size() != counts.length) {
            throw new IllegalArgumentException("ConfusionMatrix: expected " + counts.length + " class names, but got "
                    + names.size() + ": " + names);
        }
    }

    private static String abbreviate(String name) {
        return name.length() <= 11 ? name : name.substring(0, 11);
    }
}
