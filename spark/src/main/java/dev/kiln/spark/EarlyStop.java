package dev.kiln.spark;

/** Early stopping on the test error, as the single-machine trainer does it. */
final class EarlyStop {
    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private int sinceBest;

    EarlyStop(int patience, double minDelta) {
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /** Records one epoch's test error; true when patience has run out (never with patience 0). */
    boolean track(double testError) {
        if (testError < best - minDelta) {
            best = testError;
            sinceBest = 0;
            return false;
        }
        return patience > 0 && ++sinceBest >= patience;
    }
}
