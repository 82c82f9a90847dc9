/** Benchmarks that print figures (never timed tests): the per-layer-kind profile of a training step. */
package dev.kiln.samples.bench;
