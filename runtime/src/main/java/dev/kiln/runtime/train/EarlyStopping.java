package dev.kiln.runtime.train;

/**
 * Early stopping on the test error: stop after {@code patience} epochs without an improvement of
 * at least {@code minDelta} on the best so far; patience 0 never stops. Trainers on one machine
 * and on a cluster share it, so a resumed run continues it from its CSV's test errors.
 */
public final class EarlyStopping {
    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private int sinceBest;

    public EarlyStopping(int patience, double minDelta) {
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /** Records one epoch's test error; true when patience has run out. */
    public boolean track(double testError) {
        if (testError < best - minDelta) {
            best = testError;
            sinceBest = 0;
            return false;
        }
        return patience > 0 && ++sinceBest >= patience;
    }
}
