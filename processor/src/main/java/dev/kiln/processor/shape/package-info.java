/**
 * The {@code shape} stage: every tensor's shape, every parameter tensor and every layer's
 * multiply-accumulates, inferred from the model's input; shape mistakes are reported with the
 * path that led to them.
 */
package dev.kiln.processor.shape;
