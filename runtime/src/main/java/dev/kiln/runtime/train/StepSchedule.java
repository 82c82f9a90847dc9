package dev.kiln.runtime.train;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A rate that drops by {@code factor} at each milestone epoch, per epoch (PyTorch's
 * {@code MultiStepLR}): {@code base · factor^k}, k the number of milestones ≤ the epoch. The
 * ResNet paper's CIFAR schedule divides by 10 twice: {@code new StepSchedule(0.1, 15, 25)} gives
 * 0.1 for epochs 0–14, 0.01 for 15–24 and 0.001 from 25.
 *
 * @param base       the rate before the first milestone, finite and ≥ 0
 * @param factor     what each milestone multiplies the rate by, in [0, 1)
 * @param milestones epochs at which the rate drops, strictly increasing, each ≥ 1
 */
public record StepSchedule(double base, double factor, List<Integer> milestones) implements Schedule {
    public StepSchedule {
        Settings.nonNegative("StepSchedule", "base rate", base);
        Settings.fraction("StepSchedule", "factor", factor);
        milestones = List.copyOf(Objects.requireNonNull(milestones, "StepSchedule: milestones"));
        int previous = 0;
        for (int m : milestones) {
            if (m <= previous) {
                throw new IllegalArgumentException("StepSchedule: milestones must be strictly increasing epochs ≥ 1, but are "
                        + milestones);
            }
            previous = m;
        }
    }

    /** Divide by 10 at each milestone. */
    public StepSchedule(double base, int... milestones) {
        this(base, 0.1, Arrays.stream(milestones).boxed().toList());
    }

    @Override
    public double learningRate(int epoch, int step, int stepsPerEpoch) {
        Schedule.globalStep(epoch, step, stepsPerEpoch);
        double rate = base;
        for (int m : milestones) {
            if (epoch >= m) {
                rate *= factor;
            }
        }
        return rate;
    }
}
