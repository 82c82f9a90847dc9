package dev.kiln.runtime.io;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.NonFiniteLossException.GoodCheckpoint;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Saves a {@link Checkpoint} after every epoch (atomically: a crash leaves the previous one) and
 * remembers the last one, which the trainer names when training meets NaN. The trainer checks
 * the parameters are finite before the epoch ends, so every checkpoint saved here is good.
 */
public final class EpochCheckpoints implements TrainingListener {
    private final Path file;
    private final Network net;
    private final Optimizer optimizer;
    private final long[] rngState;
    private GoodCheckpoint last;

    /** @param rngState saved with every checkpoint ({@link TrainingState#rngState()}) */
    public EpochCheckpoints(Path file, Network net, Optimizer optimizer, long[] rngState) {
        this.file = file;
        this.net = net;
        this.optimizer = optimizer;
        this.rngState = rngState.clone();
    }

    /** A run resumed from {@code resumed}, saved in {@code from}: the good checkpoint until the next epoch ends. */
    public EpochCheckpoints resumedFrom(Path from, TrainingState resumed) {
        last = new GoodCheckpoint(from, resumed.epoch(), resumed.step());
        return this;
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        try {
            Checkpoint.save(file, net, optimizer, new TrainingState(r.epoch(), r.step(), rngState));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the checkpoint " + file + " after epoch " + r.epoch(), e);
        }
        last = new GoodCheckpoint(file, r.epoch(), r.step());
    }

    /** The last checkpoint saved (or resumed from). */
    public Optional<GoodCheckpoint> last() {
        return Optional.ofNullable(last);
    }
}
