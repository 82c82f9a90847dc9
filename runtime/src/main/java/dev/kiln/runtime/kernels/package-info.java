/**
 * The layer kernels that generated networks call: one small class per layer kind, with adjacent
 * {@code forward} and {@code backward} methods that write into arrays they are given.
 *
 * <p>Conventions shared by every kernel:
 * <ul>
 *   <li>Arrays are dense row-major NCHW (or [N,F]), FLOAT in training and DOUBLE in gradient
 *       checks; element loops go through {@link dev.kiln.runtime.arrays.Buf} and accumulate in double.</li>
 *   <li>No array is allocated on the hot path: a kernel instance allocates its scratch (and
 *       builds its ND4J ops) once, and again only when the shapes change.</li>
 *   <li>{@code backward(…, accumulate)} overwrites the input gradient or, when {@code accumulate},
 *       adds to it, so several consumers of one tensor can sum their gradients; parameter
 *       gradients are overwritten.</li>
 *   <li>Shapes are checked cheaply and a mismatch is an {@link java.lang.IllegalArgumentException}
 *       that says what was expected and what came.</li>
 * </ul>
 * Convolutions run on ND4J's oneDNN-backed ops; the rest are plain Java loops over the buffers.
 */
package dev.kiln.runtime.kernels;
