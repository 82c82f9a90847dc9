package dev.kiln.runtime.kernels;

import dev.kiln.runtime.kernels.nd4j.OpContexts;
import dev.kiln.runtime.kernels.onednn.Dnnl;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two-dimensional convolution (cross-correlation, as PyTorch's {@code Conv2d}) with a square
 * kernel {@code k}, stride {@code s}, symmetric zero padding {@code p} and dilation {@code d},
 * run by ND4J's {@code conv2d} and {@code conv2d_bp} ops (oneDNN for FLOAT).
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
 *
 * <p>Each op, and the native context that holds its arrays and arguments, is built once and
 * reused while it is called with the same array objects (saving 15–40 µs of set-up a call);
 * new arrays (a new batch size) rebuild them. {@code dw} and {@code db} are overwritten; {@code dx}
 * is overwritten or, with {@code accumulate}, added to through a scratch array owned here. A
 * channels-last float convolution of one input channel with neither dx nor db wanted (a stem)
 * computes dw alone ({@code ConvWeightGradient}); a channels-last float 1×1 convolution without
 * padding or bias runs its backward as matrix products ({@code PointwiseConvBackward}). Any other
 * channels-last float convolution without dilation or bias, where oneDNN loads ({@code Dnnl}),
 * splits its backward ({@code SplitConvBackward}): dw by oneDNN directly, dx as a forward
 * convolution at stride 1 or by oneDNN when strided.
 */
public final class Conv2d {
    /**
     * Held while a convolution runs on any thread: shared by undilated ones, exclusively by a
     * dilated one while it has ND4J's helpers switched off (see {@link #exec}).
     */
    private static final ReentrantReadWriteLock HELPERS = new ReentrantReadWriteLock();

    private final ConvGeometry geometry;
    private final int dilation;
    /** kH, kW, sH, sW, pH, pW, dH, dW, same mode (0: explicit padding), data format (0: NCHW, 1: NHWC), weight format (1: [oC,iC,kH,kW]). */
    private final int[] args;

    private DynamicCustomOp forwardOp;
    private OpContext forwardContext;
    private INDArray fx, fw, fb, fy;
    private DynamicCustomOp backwardOp;
    private OpContext backwardContext;
    private INDArray bx, bw, bdy, bdx, bdw, bdb;
    /** The input gradient when it is added to dx or not wanted at all. */
    private INDArray dxScratch;
    /** conv2d_bp produces a bias gradient only when given a bias; its values are not read. */
    private INDArray biasScratch;
    /** The weight gradient alone, for a channels-last stem whose input gradient nobody needs. */
    private ConvWeightGradient weightGradient;
    /** The backward of a channels-last 1×1 convolution without padding, as matrix products. */
    private PointwiseConvBackward pointwise;
    /** The backward in two halves off {@code conv2d_bp} (oneDNN directly, a forward convolution). */
    private SplitConvBackward split;
    /** The forward by oneDNN directly (channels last, float, no bias or dilation). */
    private DnnlConvForward direct;

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
        this.dilation = dilation;
        this.args = new int[] {kernel, kernel, stride, stride, padding, padding, dilation, dilation, 0, channelsLast ? 1 : 0, 1};
    }

    /** y = conv(x, w) + b; {@code b} may be null (no bias). */
    public void forward(INDArray x, INDArray w, INDArray b, INDArray y) {
        long clock = ConvClock.start();
        geometry.check("Conv2d.forward", x, w, b, "y", y);
        run(x, w, b, y);
        ConvClock.stop(clock);
    }

    /**
     * The forward, its shapes checked by the caller and not timed by {@link ConvClock}: by oneDNN
     * directly for a channels-last float convolution without bias or dilation where it loads,
     * else by ND4J's {@code conv2d}.
     */
    void run(INDArray x, INDArray w, INDArray b, INDArray y) {
        if (b == null && dilation == 1 && geometry.channelsLast() && DnnlConvBackward.applies(x, w, y)) {
            if (direct == null) {
                direct = new DnnlConvForward(args[2], args[4]);
            }
            direct.compute(x, w, y);
            return;
        }
        if (forwardOp == null || fx != x || fw != w || fb != b || fy != y) {
            forwardOp = DynamicCustomOp.builder("conv2d")
                    .addInputs(b == null ? new INDArray[] {x, w} : new INDArray[] {x, w, b})
                    .addOutputs(y).addIntegerArguments(args).build();
            forwardContext = context(forwardOp, forwardContext);
            fx = x;
            fw = w;
            fb = b;
            fy = y;
        }
        exec(forwardOp, forwardContext);
    }

    /**
     * dw = ∂L/∂w and db = ∂L/∂b (overwritten; {@code db} null when there is no bias) and
     * dx = ∂L/∂x (overwritten, or added when {@code accumulate}; null when not wanted), from dy = ∂L/∂y.
     */
    public void backward(INDArray x, INDArray w, INDArray dy, INDArray dx, boolean accumulate, INDArray dw, INDArray db) {
        long clock = ConvClock.start();
        geometry.check("Conv2d.backward", x, w, db, "dy", dy);
        if (dx != null) {
            ConvGeometry.same("Conv2d.backward", "dx", dx, "x", x);
        }
        ConvGeometry.same("Conv2d.backward", "dw", dw, "w", w);
        if (geometry.channelsLast() && args[0] == 1 && args[4] == 0 && args[6] == 1
                && PointwiseConvBackward.applies(x, w, dy, dx, dw, db)) {
            if (pointwise == null) {
                pointwise = new PointwiseConvBackward(args[2]);
            }
            pointwise.compute(x, w, dy, dx, accumulate, dw);
            ConvClock.stop(clock);
            return;
        }
        if (dx == null && db == null && geometry.channelsLast() && ConvWeightGradient.applies(x, dy, dw)) {
            if (weightGradient == null) {
                weightGradient = new ConvWeightGradient(args[0], args[2], args[4], args[6]);
            }
            weightGradient.compute(x, dy, dw);
            ConvClock.stop(clock);
            return;
        }
        if (geometry.channelsLast() && SplitConvBackward.applies(dilation, x, w, dy, dx, dw, db)) {
            if (split == null) {
                split = new SplitConvBackward(args[0], args[2], args[4]);
            }
            split.compute(x, w, dy, dx, accumulate, dw);
            ConvClock.stop(clock);
            return;
        }
        INDArray gradIn = dx == null || accumulate ? dxScratch(x) : dx;
        INDArray bias = null;
        if (db != null) {
            if (biasScratch == null || biasScratch.dataType() != w.dataType() || biasScratch.length() != w.size(0)) {
                biasScratch = Nd4j.create(w.dataType(), w.size(0));
            }
            bias = biasScratch;
        }
        if (backwardOp == null || bx != x || bw != w || bdy != dy || bdx != gradIn || bdw != dw || bdb != db) {
            backwardOp = DynamicCustomOp.builder("conv2d_bp")
                    .addInputs(bias == null ? new INDArray[] {x, w, dy} : new INDArray[] {x, w, bias, dy})
                    .addOutputs(db == null ? new INDArray[] {gradIn, dw} : new INDArray[] {gradIn, dw, db})
                    .addIntegerArguments(args).build();
            backwardContext = context(backwardOp, backwardContext);
            bx = x;
            bw = w;
            bdy = dy;
            bdx = gradIn;
            bdw = dw;
            bdb = db;
        }
        exec(backwardOp, backwardContext);
        if (dx != null && accumulate) {
            dx.addi(gradIn);
        }
        ConvClock.stop(clock);
    }

    private INDArray dxScratch(INDArray x) {
        if (dxScratch == null || dxScratch.dataType() != x.dataType() || !Arrays.equals(dxScratch.shape(), x.shape())) {
            dxScratch = Nd4j.create(x.dataType(), x.shape());
        }
        return dxScratch;
    }

    /**
     * Runs {@code op}; a dilated one without ND4J's oneDNN helper, which in 1.0.0-M2.1 rejects every
     * dilation above 1 ("could not create a descriptor for a dilated convolution"). The switch is
     * process-wide, so a dilated call takes {@link #HELPERS} exclusively and restores it at once;
     * every other convolution shares the lock, so none runs with the helpers switched off.
     */
    private void exec(DynamicCustomOp op, OpContext context) {
        if (dilation == 1) {
            HELPERS.readLock().lock();
            try {
                Nd4j.getExecutioner().exec(op, context);
            } finally {
                HELPERS.readLock().unlock();
            }
            return;
        }
        HELPERS.writeLock().lock();
        try {
            Environment environment = Nd4j.getEnvironment();
            boolean helpers = environment.helpersAllowed();
            environment.allowHelpers(false);
            try {
                Nd4j.getExecutioner().exec(op, context);
            } finally {
                environment.allowHelpers(helpers);
            }
        } finally {
            HELPERS.writeLock().unlock();
        }
    }

    /** A native context holding {@code op}'s arrays and arguments, closing {@code old}. */
    private OpContext context(DynamicCustomOp op, OpContext old) {
        OpContext c = OpContexts.replace(old, op);
        if (dilation != 1) {
            c.allowHelpers(false); // oneDNN rejects dilated convolutions in ND4J 1.0.0-M2.1 (see exec)
        }
        return c;
    }
}
