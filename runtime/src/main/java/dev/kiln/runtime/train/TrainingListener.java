package dev.kiln.runtime.train;

import java.util.List;

/** User code called by the training loop: progress display, CSV, checkpoints, custom metrics. */
public interface TrainingListener {
    /** Before the first batch of {@code epoch}. */
    default void onEpochStart(int epoch, int epochs, int batches) {}

    /** After each training batch: its loss and how many of its {@code size} examples were right. */
    default void onBatch(int epoch, int batch, long step, double loss, int correct, int size) {}

    /**
     * After the backward pass of each training batch and before the optimizer step, so every
     * parameter's gradient is the batch's own (gradient-flow measurements). The arrays belong to
     * the network: read them here, don't keep them.
     */
    default void onGradients(int epoch, int batch, List<Parameter> parameters) {}

    /**
     * A batch skipped because its loss or gradients were NaN or infinite (only when the trainer
     * is told to skip such batches): no update was made, and {@code culprit} says what went
     * non-finite first.
     */
    default void onSkippedBatch(int epoch, int batch, long step, double loss, String culprit) {}

    /** After the epoch's evaluation. */
    default void onEpochEnd(EpochResult result) {}
}
