/**
 * Benchmarks that print figures (never timed tests): the per-layer-kind profile of a training
 * step ({@code ./kiln profile}), and Kiln against DL4J and PyTorch, each system in its own
 * process ({@code ./kiln bench}; docs/performance.md, "Benchmark").
 */
package dev.kiln.samples.bench;
