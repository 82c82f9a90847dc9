/**
 * The {@code plan} stage: the schedule the generated class follows — forward order, backward
 * in reverse, which activations backward keeps, which buffers exist per batch size, where
 * gradients accumulate, and which steps run in place (activations on buffers their unit owns,
 * add fused with ReLU).
 */
package dev.kiln.processor.plan;
