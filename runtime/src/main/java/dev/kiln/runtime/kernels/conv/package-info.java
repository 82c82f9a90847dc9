/**
 * The engines beneath {@link dev.kiln.runtime.kernels.Conv2d}, and the one place that chooses
 * among them, {@link dev.kiln.runtime.kernels.conv.ConvEngine}: per call, from the geometry and
 * the arrays.
 *
 * <ul>
 *   <li>{@code Nd4jConvForward}, {@code Nd4jConvBackward}: ND4J's {@code conv2d} and
 *       {@code conv2d_bp}, NCHW or channels last, any data type, bias and dilation (a dilated one
 *       with ND4J's oneDNN helper off, {@code Nd4jConvExec}).</li>
 *   <li>{@code ChannelsLastDnnlForward}: oneDNN's forward primitive, called directly.</li>
 *   <li>{@code ChannelsLastPointwiseBackward}: a 1×1 convolution's backward as matrix products.</li>
 *   <li>{@code ChannelsLastStemWeightGradient}: a one-channel stem's weight gradient alone.</li>
 *   <li>{@code ChannelsLastSplitBackward}: dw by oneDNN ({@code ChannelsLastDnnlBackward}), dx by
 *       a forward convolution of the flipped weights ({@code ChannelsLastDxByForward}) or by oneDNN.</li>
 * </ul>
 *
 * {@link dev.kiln.runtime.kernels.conv.ConvForward} and {@link dev.kiln.runtime.kernels.conv.ConvBackward}
 * run the chosen engine; {@link dev.kiln.runtime.kernels.conv.ConvGeometry} checks the shapes;
 * {@link dev.kiln.runtime.kernels.conv.ConvClock} sums the time spent in convolutions for a
 * benchmark. Every engine computes the same convolution; they differ in speed and rounding.
 */
package dev.kiln.runtime.kernels.conv;
