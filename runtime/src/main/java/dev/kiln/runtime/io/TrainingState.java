package dev.kiln.runtime.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where a training run stands, beside the network's and the optimizer's arrays in a
 * {@link Checkpoint}: enough for a resumed run to continue the same schedule and the same
 * random streams.
 *
 * @param epoch    epochs completed; a resumed run starts with this epoch (from 0)
 * @param step     optimizer steps completed over the whole run
 * @param rngState the state of the run's random streams (data shuffling, augmentation), as
 *                 many longs as the trainer needs, possibly none; copied in and out
 */
public record TrainingState(int epoch, long step, long[] rngState) {
    public TrainingState {
        if (epoch < 0 || step < 0) {
            throw new IllegalArgumentException("TrainingState: epoch and step must be ≥ 0, but are " + epoch + " and " + step);
        }
        rngState = Objects.requireNonNull(rngState, "TrainingState: rngState").clone();
    }

    @Override
    public long[] rngState() {
        return rngState.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingState && ((TrainingState) o).epoch == epoch && ((TrainingState) o).step == step
                && Arrays.equals(((TrainingState) o).rngState, rngState);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, step, Arrays.hashCode(rngState));
    }

    @Override
    public String toString() {
        return "TrainingState[epoch=" + epoch + ", step=" + step + ", rngState=" + Arrays.toString(rngState) + "]";
    }
}
