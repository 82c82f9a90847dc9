package dev.kiln.runtime.train;

/** Checks of optimizer and schedule settings, with messages that name the owner and the value. */
final class Settings {
    private Settings() {}

    /** {@code value}, if it is finite and ≥ 0. */
    static double nonNegative(String owner, String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + what + " must be finite and ≥ 0, but is " + value);
        }
        return value;
    }

    /** {@code value}, if it lies in [0, 1). */
    static double fraction(String owner, String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(owner + ": " + what + " must be in [0, 1), but is " + value);
        }
        return value;
    }

    /** {@code value}, if it is ≥ 1. */
    static int positive(String owner, String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(owner + ": " + what + " must be ≥ 1, but is " + value);
        }
        return value;
    }
}
