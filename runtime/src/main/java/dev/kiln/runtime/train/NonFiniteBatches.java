package dev.kiln.runtime.train;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.NonFinite;
import dev.kiln.runtime.NonFiniteLossException;
import java.util.List;
import java.util.Optional;

/**
 * What the trainer does with a batch whose loss or gradients are NaN or infinite: skips it,
 * putting back the BN statistics its forward pass changed, while the budget lasts; after that,
 * stops with a {@link NonFiniteLossException} naming the step, the culprit and the last good
 * checkpoint. With a budget of 0 nothing is copied and gradients are not checked.
 */
final class NonFiniteBatches {
    private final Network net;
    private final int budget;
    private final List<TrainingListener> listeners;
    private StateSnapshot snapshot;
    private int skipped;

    NonFiniteBatches(Network net, int budget, List<TrainingListener> listeners) {
        this.net = net;
        this.budget = budget;
        this.listeners = listeners;
    }

    int skipped() {
        return skipped;
    }

    /** Before a training forward pass: keeps the running statistics it may have to restore. */
    void beforeForward() {
        if (budget > 0) {
            if (snapshot == null) {
                snapshot = new StateSnapshot(net.state());
            }
            snapshot.save();
        }
    }

    /** After backward (and the gradient listeners), when skipping: the first non-finite gradient, if any. */
    Optional<String> badGradient() {
        return budget > 0 ? NonFinite.inGradients(net) : Optional.empty();
    }

    /**
     * Batch {@code batch} (from 0) of {@code epoch} would have been step {@code failed}; its loss
     * is {@code loss} and {@code culprit} went non-finite first. Returns if it is skipped.
     */
    void handle(int epoch, int batch, long failed, double loss, String culprit, NonFiniteLossException.GoodCheckpoint last) {
        if (skipped < budget) {
            snapshot.restore();
            skipped++;
            listeners.forEach(l -> l.onSkippedBatch(epoch, batch, failed, loss, culprit));
            return;
        }
        String where = "training step " + failed + " (epoch " + epoch + ", batch " + (batch + 1) + ")";
        String what = (Double.isFinite(loss) ? "the gradients at " + where + " are not finite" : "the loss at " + where + " is " + loss)
                + (skipped > 0 ? ", after " + skipped + " skipped batches" : "");
        throw new NonFiniteLossException(net.name(), what, failed, loss, culprit, last);
    }
}
