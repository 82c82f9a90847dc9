/**
 * Kiln's annotation processor. {@link dev.kiln.processor.KilnProcessor} runs the stages, one
 * package each: {@code read}, {@code resolve}, {@code shape}, {@code check}, {@code emit}, with
 * every message in {@code diag}.
 */
package dev.kiln.processor;
