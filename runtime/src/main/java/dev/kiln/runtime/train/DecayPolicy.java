package dev.kiln.runtime.train;

/**
 * Which parameters an optimizer's weight decay applies to, by {@link Parameter.Kind}. Shared by
 * {@link Sgd}, {@link Adam} and {@link AdamW}.
 */
public enum DecayPolicy {
    /** Every parameter, as PyTorch's optimizers do when given all parameters in one group. */
    ALL,
    /**
     * Convolution and dense kernels ({@link Parameter.Kind#WEIGHT}) only: no decay on biases or
     * on batch-norm scales and shifts, the usual "no decay" parameter group.
     */
    WEIGHTS_ONLY;

    /** Whether a parameter of {@code kind} is decayed under this policy. */
    public boolean decays(Parameter.Kind kind) {
        return this == ALL || kind == Parameter.Kind.WEIGHT;
    }

    /** {@code weightDecay} for a parameter of {@code kind}, or 0 where this policy spares it. */
    double rate(Parameter.Kind kind, double weightDecay) {
        return decays(kind) ? weightDecay : 0;
    }
}
