package dev.kiln.runtime.train;

import java.util.Objects;

/**
 * A linear warm-up over the first {@code steps} steps, wrapping another schedule: step g (from
 * 0, counted across epochs) gets {@code then}'s rate times {@code (g + 1) / steps} while
 * {@code g < steps}, and {@code then}'s rate after. The first step so runs at
 * {@code 1 / steps} of the rate, and step {@code steps − 1} at the full rate.
 *
 * @param steps how many steps the warm-up lasts, ≥ 1
 * @param then  the schedule being warmed up to
 */
public record WarmupSchedule(int steps, Schedule then) implements Schedule {
    public WarmupSchedule {
        Settings.positive("WarmupSchedule", "steps", steps);
        Objects.requireNonNull(then, "WarmupSchedule: schedule to warm up to");
    }

    @Override
    public double learningRate(int epoch, int step, int stepsPerEpoch) {
        long g = Schedule.globalStep(epoch, step, stepsPerEpoch);
        double rate = then.learningRate(epoch, step, stepsPerEpoch);
        return g < steps ? rate * (g + 1) / steps : rate;
    }
}
