/**
 * The layer kernels that generated networks call, and nothing else: one small class per layer
 * kind, with adjacent {@code forward} and {@code backward} methods that write into arrays they
 * are given. What runs beneath them lives one level down: {@code conv} (the convolution's
 * engines, and {@code ConvEngine}, which chooses among them per call), {@code batchnorm} (batch
 * norm's, and {@code BatchNormEngine}), {@code loops} (the float32 loops and the helper thread
 * the element-wise kernels share), {@code nd4j} and {@code onednn} (glue for the native
 * libraries) and {@code checks} (the argument checks).
 *
 * <p>Conventions shared by every kernel:
 * <ul>
 *   <li>Arrays are dense and row-major: NCHW {@code [N,C,H,W]}, or channels last {@code [N,H,W,C]}
 *       where a kernel says so ({@code Conv2d}, {@code BatchNorm}, {@code GlobalAvgPoolChannelsLast};
 *       {@code ChannelsLast} copies the input into that layout), and {@code [N,F]}; FLOAT in
 *       training and DOUBLE in gradient checks. Element loops go through
 *       {@link dev.kiln.runtime.arrays.Buf} in double; the float32 fast paths run in float.</li>
 *   <li>No array is allocated on the hot path: a kernel instance allocates its scratch (and
 *       builds its ND4J ops) once, and again only when the shapes change.</li>
 *   <li>{@code backward(…, accumulate)} overwrites the input gradient or, when {@code accumulate},
 *       adds to it, so several consumers of one tensor can sum their gradients; parameter
 *       gradients are overwritten.</li>
 *   <li>Shapes are checked cheaply and a mismatch is an {@link java.lang.IllegalArgumentException}
 *       that says what was expected and what came.</li>
 * </ul>
 * Convolutions run on ND4J's {@code conv2d} and {@code conv2d_bp} (oneDNN inside ND4J for
 * float32) or, channels last in float32 without bias, on oneDNN called directly and on Kiln's own
 * backward engines; the dense layer on ND4J's {@code gemm}; the rest are plain Java loops over
 * the buffers.
 */
package dev.kiln.runtime.kernels;
