package dev.kiln.runtime.kernels;

import dev.kiln.runtime.kernels.conv.ConvBackward;
import dev.kiln.runtime.kernels.conv.ConvClock;
import dev.kiln.runtime.kernels.conv.ConvEngine;
import dev.kiln.runtime.kernels.conv.ConvForward;
import dev.kiln.runtime.kernels.conv.ConvGeometry;
import dev.kiln.runtime.kernels.onednn.Dnnl;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Two-dimensional convolution (cross-correlation, as PyTorch's {@code Conv2d}) with a square
 * kernel {@code k}, stride {@code s}, symmetric zero padding {@code p} and dilation {@code d}.
 *
 * <pre>
 * forward   y[n,f,i,j]  = b[f] + Σ_{c,u,v} w[f,c,u,v] · x[n,c, s·i−p+d·u, s·j−p+d·v]    (x is 0 outside)
 * backward  dx[n,c,h,l] = Σ_{f,u,v} w[f,c,u,v] · dy[n,f,i,j]   over i, j with s·i−p+d·u = h, s·j−p+d·v = l
 *           dw[f,c,u,v] = Σ_{n,i,j} dy[n,f,i,j] · x[n,c, s·i−p+d·u, s·j−p+d·v]
 *           db[f]       = Σ_{n,i,j} dy[n,f,i,j]
 * </pre>
 *
 * Shapes: x and dx [N,C,H,W]; w and dw [F,C,k,k] (PyTorch's layout, ND4J weight format 1);
 * b and db [F]; y and dy [N,F,H',W'] with H' = ⌊(H + 2p − d(k−1) − 1) / s⌋ + 1, likewise W'.
 * {@code dw} and {@code db} are overwritten; {@code dx} is overwritten or, with {@code accumulate},
 * added to.
 *
 * <p>Each call runs on the engine {@link ConvEngine} chooses for its arrays
 * ({@link #forwardEngineFor}, {@link #backwardEngineFor}): ND4J's {@code conv2d} and
 * {@code conv2d_bp} (oneDNN inside ND4J for FLOAT), or, for channels-last float32 convolutions
 * without bias, oneDNN's forward called directly and a backward off {@code conv2d_bp} (a 1×1
 * convolution's as matrix products, a stem's weight gradient alone, or split into dw by oneDNN
 * and dx by a forward convolution or oneDNN); see {@code kernels.conv}. Each engine is set up on
 * first use and keeps its ops and scratch; new arrays (a new batch size) rebuild them.
 */
public final class Conv2d {
    private final ConvGeometry geometry;
    private final ConvForward forward;
    private final ConvBackward backward;

    /**
     * What runs a channels-last float convolution without bias in this process: "oneDNN 2.5
     * direct" (the forward, and the backward's dw, by oneDNN; dx by a forward convolution or
     * oneDNN), or {@code conv2d_bp} and why.
     */
    public static String backwardEngine() {
        return Dnnl.unavailable().map(why -> "conv2d_bp (" + why + ")").orElse("oneDNN 2.5 direct");
    }

    /** A convolution over NCHW tensors. */
    public Conv2d(int kernel, int stride, int padding, int dilation) {
        this(kernel, stride, padding, dilation, false);
    }

    /**
     * A convolution over NCHW tensors, or with {@code channelsLast} over NHWC ones: x and dx
     * {@code [N,H,W,C]}, y and dy {@code [N,H',W',F]}; the weights stay {@code [F,C,k,k]}.
     */
    public Conv2d(int kernel, int stride, int padding, int dilation, boolean channelsLast) {
        if (kernel < 1 || stride < 1 || padding < 0 || dilation < 1) {
            throw new IllegalArgumentException("Conv2d: kernel, stride and dilation must be ≥ 1 and padding ≥ 0, but got kernel "
                    + kernel + ", stride " + stride + ", padding " + padding + ", dilation " + dilation);
        }
        this.geometry = new ConvGeometry(kernel, stride, padding, dilation, channelsLast);
        this.forward = new ConvForward(geometry);
        this.backward = new ConvBackward(geometry);
    }

    /** The kernel size, stride, padding, dilation and layout this convolution was made with. */
    public ConvGeometry geometry() {
        return geometry;
    }

    /** y = conv(x, w) + b; {@code b} may be null (no bias). */
    public void forward(INDArray x, INDArray w, INDArray b, INDArray y) {
        long clock = ConvClock.start();
        geometry.check("Conv2d.forward", x, w, b, "y", y);
        forward.run(x, w, b, y);
        ConvClock.stop(clock);
    }

    /**
     * dw = ∂L/∂w and db = ∂L/∂b (overwritten; {@code db} null when there is no bias) and
     * dx = ∂L/∂x (overwritten, or added when {@code accumulate}; null when not wanted), from dy = ∂L/∂y.
     */
    public void backward(INDArray x, INDArray w, INDArray dy, INDArray dx, boolean accumulate, INDArray dw, INDArray db) {
        long clock = ConvClock.start();
        checkBackward(x, w, dy, dx, dw, db);
        backward.run(x, w, dy, dx, accumulate, dw, db);
        ConvClock.stop(clock);
    }

    /** The engine {@link #forward} runs these arrays on (their shapes checked as forward checks them). */
    public ConvEngine.Forward forwardEngineFor(INDArray x, INDArray w, INDArray b, INDArray y) {
        geometry.check("Conv2d.forward", x, w, b, "y", y);
        return ConvEngine.chooseForward(geometry, x, w, b, y);
    }

    /** The engine {@link #backward} runs these arrays on (their shapes checked as backward checks them). */
    public ConvEngine.Backward backwardEngineFor(INDArray x, INDArray w, INDArray dy, INDArray dx, INDArray dw, INDArray db) {
        checkBackward(x, w, dy, dx, dw, db);
        return ConvEngine.chooseBackward(geometry, x, w, dy, dx, dw, db);
    }

    private void checkBackward(INDArray x, INDArray w, INDArray dy, INDArray dx, INDArray dw, INDArray db) {
        geometry.check("Conv2d.backward", x, w, db, "dy", dy);
        if (dx != null) {
            ConvGeometry.same("Conv2d.backward", "dx", dx, "x", x);
        }
        ConvGeometry.same("Conv2d.backward", "dw", dw, "w", w);
    }
}
