package dev.kiln.runtime.kernels.conv;

import dev.kiln.runtime.kernels.loops.FloatLoops;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The input gradient of a channels-last float32 convolution of stride 1 as a forward
 * convolution over [N,H,W,C] tensors as they lie, by the engine {@link ConvForward} chooses
 * (oneDNN's forward, since the split backward this serves runs only where oneDNN loads):
 *
 * <pre>
 * dx = conv(dy, w′) with padding k − 1 − p,   w′[c,f,u,v] = w[f,c,k−1−u,k−1−v]
 * </pre>
 *
 * The flipped and transposed weights (a few kilobytes) are rebuilt on each call, since w changes
 * with every step. {@code conv2d_bp} would also compute this, after copying dy into a blocked
 * layout twice and zeroing dx (docs/performance.md).
 */
final class ChannelsLastDxByForward {
    private final int kernel;
    private final ConvForward transposed;
    private INDArray flipped;

    ChannelsLastDxByForward(int kernel, int padding) {
        this.kernel = kernel;
        this.transposed = new ConvForward(new ConvGeometry(kernel, 1, kernel - 1 - padding, 1, true));
    }

    /** dx (overwritten, [N,H,W,C]) from w [F,C,k,k] and dy [N,H,W,F]. */
    void compute(INDArray w, INDArray dy, INDArray dx) {
        int f = (int) w.size(0);
        int c = (int) w.size(1);
        if (flipped == null || flipped.size(0) != c || flipped.size(1) != f) {
            flipped = Nd4j.create(DataType.FLOAT, c, f, kernel, kernel);
        }
        FloatBuffer from = FloatLoops.buffer(w);
        FloatBuffer to = FloatLoops.buffer(flipped);
        int taps = kernel * kernel;
        for (int o = 0; o < f; o++) {
            for (int i = 0; i < c; i++) {
                int source = (o * c + i) * taps;
                int target = (i * f + o) * taps + taps - 1;
                for (int t = 0; t < taps; t++) {
                    to.put(target - t, from.get(source + t));
                }
            }
        }
        transposed.run(dy, flipped, null, dx);
    }
}
