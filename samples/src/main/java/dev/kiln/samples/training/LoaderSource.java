package dev.kiln.samples.training;

import dev.kiln.runtime.data.BatchLoader;
import dev.kiln.runtime.train.BatchSource;
import java.util.Iterator;

/** A {@link BatchLoader} (shuffling, augmentation, prefetching) as the training loop's {@link BatchSource}. */
public final class LoaderSource implements BatchSource {
    private final BatchLoader loader;
    private final int size;

    public LoaderSource(BatchLoader loader, int size) {
        this.loader = loader;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int batches() {
        return loader.batchesPerEpoch();
    }

    @Override
    public Iterator<BatchSource.Batch> epoch(int epoch) {
        // the loader's own batch type; BatchSource.Batch is the loop's
        Iterator<dev.kiln.runtime.data.Batch> it = loader.epoch(epoch).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public BatchSource.Batch next() {
                dev.kiln.runtime.data.Batch b = it.next();
                return new BatchSource.Batch(b.features(), b.labels());
            }
        };
    }
}
