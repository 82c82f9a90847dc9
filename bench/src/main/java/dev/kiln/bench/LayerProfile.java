package dev.kiln.bench;

import dev.kiln.runtime.kernels.BatchNorm;
import dev.kiln.runtime.kernels.Conv2d;
import dev.kiln.runtime.kernels.Dense;
import dev.kiln.runtime.kernels.GlobalAvgPoolChannelsLast;
import dev.kiln.runtime.kernels.Relu;
import dev.kiln.runtime.kernels.SoftmaxCrossEntropy;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.samples.models.KilnResNet20;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a ResNet-20 training step spends its time: each kernel the generated code calls, as it
 * calls them (channels last; batch norm with its ReLU fused; the block's last batch norm with the
 * shortcut's add and ReLU), run alone on the shapes of ResNet-20's layers (1×28×28 input),
 * forward and backward timed separately and summed per layer kind; medians over repeats, next to
 * the whole generated training step. Alone, a kernel finds its tensors in cache; inside the step
 * they come from main memory, so the sum is below the step ({@code bench/step_split.py} times the
 * calls in place). Each row names the engines its convolutions and batch norms ran on
 * ({@code Conv2d.forwardEngineFor}/{@code backwardEngineFor}, {@code BatchNorm.forwardEngineFor}).
 */
public final class LayerProfile {
    /** Untimed runs of each kernel before its timed ones. */
    private static final int WARMUP = 5;

    private final int batch;
    private final int repeats;
    private final Map<String, double[]> byKind = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, Set<String>> engines = new LinkedHashMap<>();

    public LayerProfile(int batch, int repeats) {
        this.batch = batch;
        this.repeats = repeats;
    }

    public void run(PrintStream out) {
        double step = wholeStep(); // first, so that the JIT has compiled every kernel's loops before they are timed alone
        for (BenchModel.ConvShape c : BenchModel.RESNET20.convShapes()) {
            convolution(c);
        }
        batchNormRelu(16, 28, 4);
        batchNormRelu(32, 14, 3);
        batchNormRelu(64, 7, 3);
        blockEnd(16, 28, 3);
        blockEnd(32, 14, 3);
        blockEnd(64, 7, 3);
        batchNorm(32, 14, 1);
        batchNorm(64, 7, 1);
        headAndLoss();
        sgd();
        print(out, step);
    }

    /**
     * One convolution shape through Kiln's channels-last {@code Conv2d}, as the generated code
     * calls it: the stem without an input gradient, a 1×1 projection adding into its input's
     * gradient (its backward is put off until the block's 3×3 convolution has written it).
     */
    private void convolution(BenchModel.ConvShape c) {
        int out = c.outSide();
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, c.side(), c.side(), c.in()).subi(0.5);
        INDArray w = Nd4j.rand(DataType.FLOAT, c.out(), c.in(), c.kernel(), c.kernel()).subi(0.5);
        INDArray y = Nd4j.create(DataType.FLOAT, batch, out, out, c.out());
        INDArray dy = Nd4j.rand(DataType.FLOAT, batch, out, out, c.out()).subi(0.5);
        INDArray dx = c.in() == 1 ? null : x.ulike();
        INDArray dw = w.ulike();
        boolean pointwise = c.kernel() == 1;
        Conv2d conv = new Conv2d(c.kernel(), c.stride(), c.kernel() / 2, 1, true);
        String kind = pointwise ? "conv 1×1 (projection)" : c.in() == 1 ? "conv 3×3 (stem)" : "conv 3×3";
        engine(kind, conv.forwardEngineFor(x, w, null, y) + "/" + conv.backwardEngineFor(x, w, dy, dx, dw, null));
        record(kind, c.count(), time(() -> conv.forward(x, w, null, y)),
                time(() -> conv.backward(x, w, dy, dx, pointwise, dw, null)));
    }

    /** A projection shortcut's batch norm, plain. */
    private void batchNorm(int c, int side, int count) {
        Tensors t = new Tensors(c, side);
        BatchNorm bn = new BatchNorm(0.1, 1e-5, true);
        engine("batch norm (projection)", bn.forwardEngineFor(t.x, null, t.y) + "/" + bn.backwardEngineFor(t.x, null, t.dy, t.dx));
        record("batch norm (projection)", count, time(() -> bn.forwardTrain(t.x, t.g, t.b, t.m, t.v, t.y)),
                time(() -> bn.backward(t.x, t.g, t.dy, t.dx, false, t.dg, t.db)));
    }

    /** A conv unit's batch norm with its ReLU fused: forward writes max(bn(x), 0), backward masks dy by it. */
    private void batchNormRelu(int c, int side, int count) {
        Tensors t = new Tensors(c, side);
        BatchNorm bn = new BatchNorm(0.1, 1e-5, true);
        engine("batch norm + relu", bn.forwardEngineFor(t.x, null, t.y) + "/" + bn.backwardEngineFor(t.x, t.y, t.dy, t.dx));
        record("batch norm + relu", count, time(() -> bn.forwardTrain(t.x, t.g, t.b, t.m, t.v, t.y, true)),
                time(() -> bn.backward(t.x, t.g, t.y, t.dy, t.dx, false, t.dg, t.db)));
    }

    /**
     * A block's end: forward, its last batch norm with the shortcut added and the ReLU in one call;
     * backward, the ReLU's mask on the output's gradient with the next block's shortcut gradient
     * added in the same pass ({@code Relu.backwardOfSum}), and batch norm's backward reading that
     * gradient where it is.
     */
    private void blockEnd(int c, int side, int count) {
        Tensors t = new Tensors(c, side);
        INDArray shortcut = Nd4j.rand(DataType.FLOAT, batch, side, side, c).subi(0.5);
        INDArray dNext = Nd4j.rand(DataType.FLOAT, batch, side, side, c).subi(0.5);
        BatchNorm bn = new BatchNorm(0.1, 1e-5, true);
        engine("batch norm + shortcut + relu",
                bn.forwardEngineFor(t.x, shortcut, t.y) + "/" + bn.backwardEngineFor(t.x, null, t.dy, t.dx));
        record("batch norm + shortcut + relu", count, time(() -> bn.forwardTrain(t.x, t.g, t.b, t.m, t.v, shortcut, t.y, true)),
                time(() -> {
                    Relu.backwardOfSum(t.y, t.dy, dNext, t.dy);
                    bn.backward(t.x, t.g, t.dy, t.dx, false, t.dg, t.db);
                }));
    }

    /** One batch-norm layer's arrays, float32, channels last: batch × side × side × c. */
    private final class Tensors {
        final INDArray x;
        final INDArray y;
        final INDArray dy;
        final INDArray dx;
        final INDArray g;
        final INDArray b;
        final INDArray m;
        final INDArray v;
        final INDArray dg;
        final INDArray db;

        Tensors(int c, int side) {
            x = Nd4j.rand(DataType.FLOAT, batch, side, side, c).subi(0.5);
            y = x.ulike();
            dy = Nd4j.rand(DataType.FLOAT, batch, side, side, c);
            dx = x.ulike();
            g = Nd4j.ones(DataType.FLOAT, c);
            b = Nd4j.zeros(DataType.FLOAT, c);
            m = Nd4j.zeros(DataType.FLOAT, c);
            v = Nd4j.ones(DataType.FLOAT, c);
            dg = g.ulike();
            db = g.ulike();
        }
    }

    private void headAndLoss() {
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 7, 7, 64);
        INDArray p = Nd4j.create(DataType.FLOAT, batch, 64);
        INDArray dp = Nd4j.rand(DataType.FLOAT, batch, 64);
        INDArray dx = x.ulike();
        record("global average pool", 1, time(() -> GlobalAvgPoolChannelsLast.forward(x, p)),
                time(() -> GlobalAvgPoolChannelsLast.backward(dp, dx, false)));
        INDArray w = Nd4j.rand(DataType.FLOAT, 10, 64);
        INDArray b = Nd4j.rand(DataType.FLOAT, 10);
        INDArray z = Nd4j.create(DataType.FLOAT, batch, 10);
        INDArray dz = Nd4j.rand(DataType.FLOAT, batch, 10);
        INDArray dw = w.ulike();
        INDArray db = b.ulike();
        record("dense", 1, time(() -> Dense.forward(p, w, b, z)), time(() -> Dense.backward(p, w, dz, dp, false, dw, db)));
        int[] labels = new int[batch];
        INDArray probs = z.ulike();
        record("softmax cross-entropy", 1, time(() -> SoftmaxCrossEntropy.forward(z, labels, probs, 0)),
                time(() -> SoftmaxCrossEntropy.backward(probs, labels, 0, dz)));
    }

    private void sgd() {
        KilnResNet20 net = KilnResNet20.create(1);
        Sgd sgd = new Sgd(0.1, 0.9, true, 5e-4);
        record("sgd update (all parameters)", 1, 0, time(() -> sgd.step(net.parameters())));
    }

    private double wholeStep() {
        KilnResNet20 net = KilnResNet20.create(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.INT32, batch);
        Sgd sgd = new Sgd(0.1, 0.9, true, 5e-4);
        return new Timer(15, repeats).median(() -> net.trainStep(x, y, sgd));
    }

    private void record(String kind, int count, double forward, double backward) {
        byKind.merge(kind, new double[] {forward * count, backward * count}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
        counts.merge(kind, count, Integer::sum);
    }

    /** Notes the engines (forward/backward) a layer of this kind ran on. */
    private void engine(String kind, String forwardAndBackward) {
        engines.computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(forwardAndBackward);
    }

    private double time(Runnable r) {
        return new Timer(WARMUP, repeats).median(r);
    }

    private void print(PrintStream out, double step) {
        double total = byKind.values().stream().mapToDouble(v -> v[0] + v[1]).sum();
        out.printf(Locale.ROOT, "ResNet-20, batch %d, 1×28×28, float32: median of %d runs per kernel, summed over the layers of each kind%n",
                batch, repeats);
        out.printf(Locale.ROOT, "%-28s %6s %12s %12s %8s  %s%n", "layer kind", "layers", "forward ms", "backward ms", "share",
                "engines (forward/backward)");
        List<String> kinds = new ArrayList<>(byKind.keySet());
        for (String k : kinds) {
            double[] v = byKind.get(k);
            out.printf(Locale.ROOT, "%-28s %6d %12.1f %12.1f %7.1f%%  %s%n", k, counts.get(k), v[0], v[1], 100 * (v[0] + v[1]) / total,
                    String.join(", ", engines.getOrDefault(k, Set.of())));
        }
        out.printf(Locale.ROOT, "%-28s %6s %25.1f%n", "sum of kernels", "", total);
        out.printf(Locale.ROOT, "%-28s %6s %25.1f  (%.0f images/s)%n", "whole generated train step", "", step, batch * 1000 / step);
    }
}
