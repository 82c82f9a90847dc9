package dev.kiln.runtime.train;

import java.util.List;

/**
 * Updates parameters in place from their gradients. An optimizer keeps per-parameter state
 * (momentum buffers and the like), keyed by {@link Parameter#name()}, so it serves one network.
 */
public interface Optimizer {
    /** One update of every parameter's value from its current gradient. */
    void step(List<Parameter> parameters);

    double learningRate();

    /** For schedules: takes effect from the next {@link #step}. */
    void setLearningRate(double lr);
}
