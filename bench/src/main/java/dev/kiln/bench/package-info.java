/**
 * Benchmarks that print figures (never timed tests): the per-layer-kind profile of a training
 * step ({@code ./kiln profile}), Kiln against DL4J and PyTorch, each system in its own
 * process ({@code ./kiln bench}; docs/performance.md, "Benchmark"), and the long run that
 * watches memory ({@code ./kiln soak}; docs/reliability.md).
 */
package dev.kiln.bench;
