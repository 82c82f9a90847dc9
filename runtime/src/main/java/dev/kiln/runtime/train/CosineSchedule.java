package dev.kiln.runtime.train;

/**
 * Cosine annealing from {@code base} to {@code minimum} over {@code epochs}, per step (PyTorch's
 * {@code CosineAnnealingLR} with {@code T_max} in steps, no restarts):
 *
 * <pre>
 * t    = (epoch · stepsPerEpoch + step) / (epochs · stepsPerEpoch)      (at most 1)
 * rate = minimum + (base − minimum) · (1 + cos(π · t)) / 2
 * </pre>
 *
 * So the first step has {@code base}, the middle of the run the mean of the two, and any step
 * from epoch {@code epochs} on has {@code minimum}.
 *
 * @param base    the first rate, finite and ≥ 0
 * @param minimum the last rate, in [0, base]
 * @param epochs  the length of the annealing, ≥ 1
 */
public record CosineSchedule(double base, double minimum, int epochs) implements Schedule {
    public CosineSchedule {
        Settings.nonNegative("CosineSchedule", "base rate", base);
        Settings.nonNegative("CosineSchedule", "minimum", minimum);
        if (minimum > base) {
            throw new IllegalArgumentException("CosineSchedule: minimum must be ≤ base " + base + ", but is " + minimum);
        }
        Settings.positive("CosineSchedule", "epochs", epochs);
    }

    @Override
    public double learningRate(int epoch, int step, int stepsPerEpoch) {
        long done = Schedule.globalStep(epoch, step, stepsPerEpoch);
        double t = Math.min(1.0, done / ((double) epochs * stepsPerEpoch));
        return minimum + (base - minimum) * (1 + Math.cos(Math.PI * t)) / 2;
    }
}
