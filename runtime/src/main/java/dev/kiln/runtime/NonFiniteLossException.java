package dev.kiln.runtime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Training met NaN or infinity and cannot go on from this step: the loss came out non-finite,
 * or the parameters did after an update. The message and the accessors say at which step,
 * what went non-finite first ({@link NonFinite#culprit}), and, when the run saves
 * checkpoints, the last checkpoint saved before it, which is still good.
 */
public final class NonFiniteLossException extends ArithmeticException {
    /** A checkpoint a run can resume from: its file, and the epoch and step it was saved after. */
    public record GoodCheckpoint(Path file, int epoch, long step) {}

    private final long step;
    private final double loss;
    private final String culprit;
    private final GoodCheckpoint checkpoint;

    /** The loss of training step {@code step} is {@code loss}; nothing more is known. */
    public NonFiniteLossException(String network, long step, double loss) {
        this(network, "the loss at training step " + step + " is " + loss, step, loss, null, null);
    }

    /**
     * @param what       what happened, for the message: "the loss at training step 12 (epoch 1, batch 11) is NaN"
     * @param culprit    what went non-finite first, or null if unknown
     * @param checkpoint the last good checkpoint, or null if none was saved
     */
    public NonFiniteLossException(String network, String what, long step, double loss, String culprit, GoodCheckpoint checkpoint) {
        super(network + ": " + what + (culprit == null ? "" : "; first non-finite: " + culprit)
                + (checkpoint == null ? "" : "; last good checkpoint: " + checkpoint.file() + " (after epoch " + checkpoint.epoch()
                        + ", step " + checkpoint.step() + ")")
                + ". Lower the learning rate, check the data for NaN (setCheckInputs(true)), resume from the last good checkpoint,"
                + " or let the trainer skip such batches");
        this.step = step;
        this.loss = loss;
        this.culprit = culprit;
        this.checkpoint = checkpoint;
    }

    /** The training step (counted over the whole run, from 1) that failed. */
    public long step() {
        return step;
    }

    /** The loss of that step: NaN or infinite, or the last finite loss when the parameters went non-finite. */
    public double loss() {
        return loss;
    }

    /** What went non-finite first: "the output of stage2.1.conv1/bn[3, 5, 0, 2] is Infinity". */
    public Optional<String> culprit() {
        return Optional.ofNullable(culprit);
    }

    /** The last checkpoint saved before the failure, which holds finite values. */
    public Optional<GoodCheckpoint> lastGoodCheckpoint() {
        return Optional.ofNullable(checkpoint);
    }
}
