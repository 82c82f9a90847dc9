package dev.kiln.runtime.train;

/**
 * The same learning rate at every step.
 *
 * @param rate the learning rate, finite and ≥ 0
 */
public record ConstantSchedule(double rate) implements Schedule {
    public ConstantSchedule {
        Settings.nonNegative("ConstantSchedule", "rate", rate);
    }

    @Override
    public double learningRate(int epoch, int step, int stepsPerEpoch) {
        Schedule.globalStep(epoch, step, stepsPerEpoch);
        return rate;
    }
}
