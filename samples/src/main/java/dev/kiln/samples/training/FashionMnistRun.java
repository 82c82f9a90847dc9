package dev.kiln.samples.training;

import dev.kiln.runtime.data.Augmentation;
import dev.kiln.runtime.data.BatchLoader;
import dev.kiln.runtime.data.BatchOptions;
import dev.kiln.runtime.data.DataLocator;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.data.Normalization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Fashion-MNIST ready for a run: located (or fetched), read, optionally cut to the first N
 * training (and test) images, normalised with the training set's per-channel statistics, and wrapped as
 * batch sources (training: seeded shuffle, augmentation, prefetch; test: in order).
 */
public final class FashionMnistRun implements AutoCloseable {
    private final Dataset train;
    private final Dataset test;
    private final Normalization normalization;
    private final Augmentation augmentation;
    private final BatchLoader trainLoader;
    private final BatchLoader testLoader;

    public FashionMnistRun(Optional<Path> dataDir, int limitTrain, int batch, long seed, boolean augment) throws IOException {
        this(dataDir, limitTrain, 0, batch, seed, augment);
    }

    /** As above, with the test set cut to its first {@code limitTest} images (0: all 10,000). */
    public FashionMnistRun(Optional<Path> dataDir, int limitTrain, int limitTest, int batch, long seed, boolean augment)
            throws IOException {
        Path dir = DataLocator.standard(dataDir).locate();
        Dataset full = FashionMnist.train(dir);
        this.train = limitTrain > 0 ? full.subset(Math.min(limitTrain, full.size())) : full;
        Dataset fullTest = FashionMnist.test(dir);
        this.test = limitTest > 0 ? fullTest.subset(Math.min(limitTest, fullTest.size())) : fullTest;
        // the whole training set's statistics, so eval and a --limit-train run see the same inputs
        Normalization norm = Normalization.of(full);
        this.normalization = norm;
        this.augmentation = augment ? Augmentation.standard(train.height()) : Augmentation.NONE;
        BatchOptions options = new BatchOptions(batch, seed, true, norm, augmentation, true);
        this.trainLoader = new BatchLoader(train, options);
        this.testLoader = new BatchLoader(test, BatchOptions.evaluation(batch, norm));
    }

    public LoaderSource train() {
        return new LoaderSource(trainLoader, train.size());
    }

    public LoaderSource test() {
        return new LoaderSource(testLoader, test.size());
    }

    /** The training images (after {@code limitTrain}), for a trainer that batches them itself. */
    public Dataset trainSet() {
        return train;
    }

    public Dataset testSet() {
        return test;
    }

    /** The training set's per-channel statistics, applied to every batch. */
    public Normalization normalization() {
        return normalization;
    }

    /** What training batches get: random crops and flips, or none. */
    public Augmentation augmentation() {
        return augmentation;
    }

    public int trainImages() {
        return train.size();
    }

    public int testImages() {
        return test.size();
    }

    @Override
    public void close() {
        trainLoader.close();
        testLoader.close();
    }
}
