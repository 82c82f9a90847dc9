package dev.kiln.runtime.train;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Updates parameters in place from their gradients. An optimizer keeps per-parameter state
 * (momentum buffers and the like), keyed by {@link Parameter#name()}, so it serves one network.
 *
 * <p>Its state goes into checkpoints as named arrays: {@code optimizer.steps} (a 0-d LONG), and
 * per parameter {@code optimizer.<parameter>.<buffer>}, DOUBLE arrays of the parameter's shape
 * named as PyTorch names them ({@code optimizer.stage1.0.conv1.weight.momentum_buffer},
 * {@code ….exp_avg}, {@code ….exp_avg_sq}) and 0-d LONG counts ({@code ….step}). Settings
 * (learning rate, momentum, betas, weight decay) are not state: a resumed run constructs its
 * optimizer as before and its schedule sets the learning rate.
 */
public interface Optimizer {
    /** The prefix of every name in {@link #state()}. */
    String STATE_PREFIX = "optimizer.";

    /**
     * One update of every parameter's value from its current gradient. The whole list is checked
     * first (unique names, each parameter keeping its shape); a rejected step changes nothing.
     */
    void step(List<Parameter> parameters);

    double learningRate();

    /** For schedules: takes effect from the next {@link #step}. */
    void setLearningRate(double lr);

    /** Completed steps since construction, or since the state {@link #load}ed. */
    long steps();

    /** Copies of the whole state, by the names above, in the order parameters were first stepped. */
    Map<String, INDArray> state();

    /**
     * Replaces the whole state with {@code state} (as {@link #state()} made it, possibly read
     * back from a file) for {@code parameters}, the list later steps will be given. Every entry
     * is checked first: with {@code optimizer.steps} &gt; 0 each parameter needs each of its
     * entries, shaped like the parameter; entries for no parameter, or of another optimizer,
     * are rejected. On any problem it throws an {@link OptimizerStateException} naming each one
     * and changes nothing.
     */
    void load(Map<String, INDArray> state, List<Parameter> parameters);
}
