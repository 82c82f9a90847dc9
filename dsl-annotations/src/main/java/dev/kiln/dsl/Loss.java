package dev.kiln.dsl;

/** The training loss a {@link Model} applies to its output. */
public enum Loss {
    /**
     * Softmax over the output's classes followed by cross-entropy against integer labels,
     * averaged over the batch. The output must be a vector of class scores ({@code [N, K]}).
     */
    SOFTMAX_CROSS_ENTROPY
}
