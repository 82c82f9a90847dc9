package dev.kiln.bench;

import dev.kiln.bench.BenchModel.ConvShape;
import dev.kiln.runtime.kernels.Conv2d;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's limit for a network: its convolutions alone, each distinct layer shape timed
 * forward ({@code conv2d}) and backward ({@code conv2d_bp}) in NCHW through Kiln's own
 * {@link Conv2d} and in NHWC through the bare ND4J op, and both once more through Kiln's
 * channels-last {@link Conv2d} (oneDNN called directly for the forward, and the split backward:
 * oneDNN's weight gradient, a forward convolution for the input gradient); the limit keeps the
 * best run of the fastest way per shape and direction (a bound: what the op can do, not what it usually does on a
 * shared machine), and the medians of NCHW give what Kiln's step spends in them. Summed over the
 * network's layers; shapes are timed once and shared between networks (ResNet-56 has
 * ResNet-20's shapes, more of them).
 *
 * <p>Those runs repeat one call on the same arrays, which stay in the caches between calls. In a
 * network they do not: each layer's arrays were last touched layers ago, and at batch 128 a
 * network's activations are many times the last-level cache. So each shape is timed once more
 * on cold caches: Kiln's channels-last kernel (the one the step runs), cycling through enough
 * sets of arrays that a call's arrays have left the cache since their last use (at least
 * {@link #COLD_BYTES} in all); medians. The step's convolutions can reach that figure; the
 * warm-cache limit needs arrays that fit in cache.
 */
public final class ConvLimit {
    /** The name the limit goes by among the systems. */
    public static final String SYSTEM = "conv-limit";
    /** The name of the same convolutions on cold caches. */
    public static final String COLD_SYSTEM = "conv-cold";
    /** The arrays the cold runs cycle through, at least: several times any last-level cache of these machines (32 MiB). */
    static final long COLD_BYTES = 256L << 20;
    /** The most sets of arrays a cold run cycles through. */
    private static final int MAX_COLD_SETS = 64;

    private final int batch;
    private final Timer timer;
    private final Map<ConvShape, Times> cache = new HashMap<>();

    public ConvLimit(int batch, Timer timer) {
        this.batch = batch;
        this.timer = timer;
    }

    /**
     * Ms of one layer of a shape: medians of NCHW forward and backward, the best run of either
     * layout each way, and the medians of Kiln's channels-last kernel each way on cold caches.
     */
    public record Times(double nchwForward, double nchwBackward, double bestForward, double bestBackward,
                        double coldForward, double coldBackward) {}

    /**
     * Per batch, summed over the network's convolutions: {@code kilnMs} as Kiln runs them (NCHW,
     * forward + backward, medians), {@code forwardMs} and {@code trainMs} the best runs of the faster
     * layout, {@code coldForwardMs} and {@code coldTrainMs} the channels-last medians on cold caches.
     */
    public record Sum(double kilnMs, double forwardMs, double trainMs, double coldForwardMs, double coldTrainMs) {}

    public Sum of(BenchModel model) {
        double kiln = 0;
        double forward = 0;
        double train = 0;
        double coldForward = 0;
        double coldTrain = 0;
        for (ConvShape s : model.convShapes()) {
            Times t = times(s);
            kiln += s.count() * (t.nchwForward() + t.nchwBackward());
            forward += s.count() * t.bestForward();
            train += s.count() * (t.bestForward() + t.bestBackward());
            coldForward += s.count() * t.coldForward();
            coldTrain += s.count() * (t.coldForward() + t.coldBackward());
        }
        return new Sum(kiln, forward, train, coldForward, coldTrain);
    }

    public Times times(ConvShape s) {
        Times t = cache.get(s);
        if (t == null) {
            t = measure(s);
            cache.put(s, t);
        }
        return t;
    }

    private Times measure(ConvShape s) {
        int o = s.outSide();
        NchwConv c = new NchwConv(s, batch);
        INDArray w = c.w;
        INDArray dw = c.dw;
        double[] nchwF = timer.runs(c::forward);
        double[] nchwB = timer.runs(c::backward);

        int[] nhwc = {s.kernel(), s.kernel(), s.stride(), s.stride(), s.kernel() / 2, s.kernel() / 2, 1, 1, 0, 1, 1};
        INDArray xl = Nd4j.rand(DataType.FLOAT, batch, s.side(), s.side(), s.in());
        INDArray yl = Nd4j.create(DataType.FLOAT, batch, o, o, s.out());
        INDArray dyl = Nd4j.rand(DataType.FLOAT, batch, o, o, s.out());
        INDArray dxl = xl.ulike();
        DynamicCustomOp fwd = DynamicCustomOp.builder("conv2d").addInputs(xl, w).addOutputs(yl).addIntegerArguments(nhwc).build();
        DynamicCustomOp bwd = DynamicCustomOp.builder("conv2d_bp").addInputs(xl, w, dyl).addOutputs(dxl, dw)
                .addIntegerArguments(nhwc).build();
        double[] nhwcF = timer.runs(() -> Nd4j.exec(fwd));
        double[] nhwcB = timer.runs(() -> Nd4j.exec(bwd));
        Conv2d last = new Conv2d(s.kernel(), s.stride(), s.kernel() / 2, 1, true);
        double[] lastF = timer.runs(() -> last.forward(xl, w, null, yl));
        double[] splitB = timer.runs(() -> last.backward(xl, w, dyl, dxl, false, dw, null));
        ColdSets cold = new ColdSets(s, batch);
        double[] coldF;
        double[] coldB;
        try {
            coldF = timer.runs(() -> cold.forward(last, w));
            coldB = timer.runs(() -> cold.backward(last, w, dw));
        } finally {
            cold.close();
        }
        return new Times(Timer.median(nchwF), Timer.median(nchwB), Math.min(Math.min(nchwF[0], nhwcF[0]), lastF[0]),
                Math.min(Math.min(nchwB[0], nhwcB[0]), splitB[0]), Timer.median(coldF), Timer.median(coldB));
    }

    /**
     * Channels-last x, y, dy and dx of one shape, in as many sets as {@link #COLD_BYTES} takes;
     * each call takes the next set, so its arrays were last touched a whole cycle ago.
     */
    private static final class ColdSets {
        private final INDArray[] x;
        private final INDArray[] y;
        private final INDArray[] dy;
        private final INDArray[] dx;
        private int next;

        ColdSets(ConvShape s, int batch) {
            int o = s.outSide();
            long setBytes = 4L * batch * (2L * s.side() * s.side() * s.in() + 2L * o * o * s.out());
            int sets = (int) Math.max(2, Math.min(MAX_COLD_SETS, (COLD_BYTES + setBytes - 1) / setBytes));
            x = new INDArray[sets];
            y = new INDArray[sets];
            dy = new INDArray[sets];
            dx = new INDArray[sets];
            for (int i = 0; i < sets; i++) {
                x[i] = Nd4j.rand(DataType.FLOAT, batch, s.side(), s.side(), s.in());
                y[i] = Nd4j.create(DataType.FLOAT, batch, o, o, s.out());
                dy[i] = Nd4j.rand(DataType.FLOAT, batch, o, o, s.out());
                dx[i] = x[i].ulike();
            }
        }

        void forward(Conv2d conv, INDArray w) {
            int i = advance();
            conv.forward(x[i], w, null, y[i]);
        }

        void backward(Conv2d conv, INDArray w, INDArray dw) {
            int i = advance();
            conv.backward(x[i], w, dy[i], dx[i], false, dw, null);
        }

        private int advance() {
            int i = next;
            next = (next + 1) % x.length;
            return i;
        }

        /** Gives the sets' native memory back now rather than at the next collection. */
        void close() {
            for (INDArray[] arrays : new INDArray[][] {x, y, dy, dx}) {
                for (INDArray a : arrays) {
                    a.close();
                }
            }
        }
    }

    /** One convolution layer's arrays in NCHW, made once, and Kiln's kernel over them. */
    private static final class NchwConv {
        final INDArray w;
        final INDArray dw;
        private final INDArray x;
        private final INDArray y;
        private final INDArray dy;
        private final INDArray dx;
        private final Conv2d conv;

        NchwConv(ConvShape s, int batch) {
            int o = s.outSide();
            w = Nd4j.rand(DataType.FLOAT, s.out(), s.in(), s.kernel(), s.kernel());
            dw = w.ulike();
            x = Nd4j.rand(DataType.FLOAT, batch, s.in(), s.side(), s.side());
            y = Nd4j.create(DataType.FLOAT, batch, s.out(), o, o);
            dy = Nd4j.rand(DataType.FLOAT, batch, s.out(), o, o);
            dx = x.ulike();
            conv = new Conv2d(s.kernel(), s.stride(), s.kernel() / 2, 1);
        }

        void forward() {
            conv.forward(x, w, null, y);
        }

        void backward() {
            conv.backward(x, w, dy, dx, false, dw, null);
        }
    }
}
