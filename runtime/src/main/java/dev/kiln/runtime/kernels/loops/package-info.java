/**
 * The float32 loops the element-wise kernels share: {@link dev.kiln.runtime.kernels.loops.FloatLoops}
 * (ReLU, add, gradient passing, bulk-copied in chunks through per-thread float arrays, which the
 * JIT vectorises) and {@link dev.kiln.runtime.kernels.loops.TwoThreads} (a range of work split
 * between the caller and one helper thread).
 */
package dev.kiln.runtime.kernels.loops;
