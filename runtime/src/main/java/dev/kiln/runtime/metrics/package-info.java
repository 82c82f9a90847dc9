/** Metrics of a run: the confusion matrix (accuracy, per-class accuracy) and the per-epoch CSV. */
package dev.kiln.runtime.metrics;
