package dev.kiln.runtime.train;

import java.util.Iterator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a training loop gets its data: one epoch at a time, in batches. Implementations decide
 * order (seeded per epoch), augmentation and prefetching; the arrays of a batch may be reused
 * by the source once the next batch is requested.
 */
public interface BatchSource {
    /** Examples per epoch. */
    int size();

    /** Batches per epoch. */
    int batches();

    /** The batches of epoch {@code epoch} (numbered from 1), in order. */
    Iterator<Batch> epoch(int epoch);

    /** Images {@code [B,C,H,W]} and integer class labels {@code [B]}. */
    record Batch(INDArray images, INDArray labels) {
        public int size() {
            return (int) images.size(0);
        }
    }
}
