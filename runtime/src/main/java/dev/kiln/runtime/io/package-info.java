/**
 * Files a training run writes and reads back. {@link dev.kiln.runtime.io.Npz} reads and writes
 * named arrays in NumPy's {@code .npz} format, replacing files atomically and checking every
 * header against the bytes behind it; {@link dev.kiln.runtime.io.Checkpoint} stores a network's
 * parameters and state, its optimizer's state and a {@link dev.kiln.runtime.io.TrainingState}
 * in one such file and restores them after checking every name, shape and type. No Java
 * serialization is used: a checkpoint is plain arrays that {@code numpy.load} opens.
 */
package dev.kiln.runtime.io;
