package dev.kiln.runtime.train;

/**
 * A learning rate as a function of training progress. Progress is given as the epoch (from 0),
 * the step within that epoch (from 0 to {@code stepsPerEpoch − 1}) and the steps in an epoch, so
 * a schedule can change per epoch ({@link StepSchedule}) or per step ({@link CosineSchedule},
 * {@link WarmupSchedule}). A schedule holds no state: a resumed run gets the same rates from the
 * same epoch and step. Implementations reject a negative epoch, a step outside
 * {@code [0, stepsPerEpoch)} and {@code stepsPerEpoch < 1}.
 *
 * <pre>
 * for (int epoch = 0; epoch &lt; epochs; epoch++) {
 *     for (int step = 0; step &lt; stepsPerEpoch; step++) {
 *         schedule.apply(optimizer, epoch, step, stepsPerEpoch);
 *         net.trainStep(images, labels, optimizer);
 *     }
 * }
 * </pre>
 */
public interface Schedule {
    /** The rate for the step {@code step} of epoch {@code epoch}. */
    double learningRate(int epoch, int step, int stepsPerEpoch);

    /** Sets {@code optimizer}'s learning rate for the coming step. */
    default void apply(Optimizer optimizer, int epoch, int step, int stepsPerEpoch) {
        optimizer.setLearningRate(learningRate(epoch, step, stepsPerEpoch));
    }

    /** Steps taken before this one, {@code epoch · stepsPerEpoch + step}, after checking the arguments. */
    static long globalStep(int epoch, int step, int stepsPerEpoch) {
        if (epoch < 0 || stepsPerEpoch < 1 || step < 0 || step >= stepsPerEpoch) {
            throw new IllegalArgumentException("Schedule: needs epoch ≥ 0, stepsPerEpoch ≥ 1 and 0 ≤ step < stepsPerEpoch, "
                    + "but got epoch " + epoch + ", step " + step + ", stepsPerEpoch " + stepsPerEpoch);
        }
        return (long) epoch * stepsPerEpoch + step;
    }
}
