package dev.kiln.runtime.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Counting right answers in a batch of logits. */
public final class Accuracy {
    private Accuracy() {}

    /** How many of the first {@code n} rows of {@code logits} have their largest score at {@code labels[i]} (the first, on a tie). */
    public static int correct(INDArray logits, int[] labels, int n) {
        int classes = (int) logits.size(1);
        int right = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits.getDouble(i, c) > logits.getDouble(i, best)) {
                    best = c;
                }
            }
            right += best == labels[i] ? 1 : 0;
        }
        return right;
    }
}
