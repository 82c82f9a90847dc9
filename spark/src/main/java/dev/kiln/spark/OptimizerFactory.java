package dev.kiln.spark;

import dev.kiln.runtime.train.Optimizer;
import java.io.Serializable;

/**
 * Makes the optimizer every worker steps with, with the run's settings (momentum, betas, weight
 * decay). Its state is not part of the factory: every round loads the driver's into it, and the
 * learning rate of each step comes from the driver's schedule.
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
    Optimizer create();
}
