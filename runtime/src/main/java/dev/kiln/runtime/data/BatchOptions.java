package dev.kiln.runtime.data;

/**
 * How a {@link BatchLoader} makes batches: the batch size, the seed of its shuffling and
 * augmentation (epoch e uses the generator seeded with {@code seed + e}), whether to shuffle,
 * the normalisation, the augmentation, and whether to prepare the next batch on a background
 * thread while the caller uses the current one.
 */
public record BatchOptions(int batchSize, long seed, boolean shuffle, Normalization normalization,
                           Augmentation augmentation, boolean prefetch) {
    public BatchOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be ≥ 1, but got " + batchSize);
        }
    }

    /** Training: shuffled, normalised by {@code train}'s statistics, standard augmentation, prefetched. */
    public static BatchOptions training(int batchSize, long seed, Dataset train) {
        return new BatchOptions(batchSize, seed, true, Normalization.of(train), Augmentation.standard(train.height()), true);
    }

    /** Evaluation: data order, no augmentation, normalised as given (the training set's), prefetched. */
    public static BatchOptions evaluation(int batchSize, Normalization normalization) {
        return new BatchOptions(batchSize, 0, false, normalization, Augmentation.NONE, true);
    }

    public BatchOptions withAugmentation(Augmentation a) {
        return new BatchOptions(batchSize, seed, shuffle, normalization, a, prefetch);
    }

    public BatchOptions withPrefetch(boolean p) {
        return new BatchOptions(batchSize, seed, shuffle, normalization, augmentation, p);
    }

    public BatchOptions withSeed(long s) {
        return new BatchOptions(batchSize, s, shuffle, normalization, augmentation, prefetch);
    }
}
