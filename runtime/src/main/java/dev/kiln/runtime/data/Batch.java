package dev.kiln.runtime.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch: {@code features} FLOAT {@code [B,C,H,W]} (normalised, perhaps augmented) and
 * {@code labels} INT32 {@code [B]}. The arrays belong to the {@link BatchLoader} and are refilled:
 * a batch is valid until the next call to the iterator's {@code next()} (then the loader may
 * start writing into it), so use it before asking for more, or {@code dup()} it.
 */
public record Batch(INDArray features, INDArray labels) {
    /** The number of examples, B. */
    public int size() {
        return (int) labels.length();
    }
}
