package dev.kiln.runtime.testing;

import dev.kiln.runtime.GeneratedNetwork;
import dev.kiln.runtime.kernels.Dense;
import dev.kiln.runtime.kernels.SoftmaxCrossEntropy;
import dev.kiln.runtime.train.Parameter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network written by hand the way the processor writes one, on {@link GeneratedNetwork}:
 * {@code logits = x·wᵀ} for inputs {@code [N,2]} and 3 classes, one weight and its gradient.
 * It counts buffer allocations and can be held inside its forward pass, so tests can see what
 * the base class does around the model's own steps.
 */
public final class OneDenseNetwork extends GeneratedNetwork<OneDenseNetwork.Activations> {
    public static final Facts FACTS = new Facts("OneDense", new long[] {2}, 3, 12, 10, "OneDense: one dense layer\n");

    public final INDArray w;
    public final INDArray dw;
    /** Buffer sets allocated by this instance. */
    public final AtomicInteger allocations = new AtomicInteger();
    /** The mode of the last forward pass. */
    public volatile Boolean lastTraining;
    /** When set, every forward pass counts {@code entered} down and waits for {@code release}. */
    public volatile CountDownLatch entered;
    public volatile CountDownLatch release;

    public OneDenseNetwork(DataType type, INDArray w) {
        this(type, w, Nd4j.zeros(type, 3, 2));
    }

    private OneDenseNetwork(DataType type, INDArray w, INDArray dw) {
        super(FACTS, type, List.of(new Parameter("fc.weight", w, dw, Parameter.Kind.WEIGHT)), Map.of());
        this.w = w;
        this.dw = dw;
    }

    /** The network with weights {@code [[1, 2], [3, 4], [5, 6]]} in {@code type}. */
    public static OneDenseNetwork counting(DataType type) {
        return new OneDenseNetwork(type, Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}}).castTo(type));
    }

    @Override
    public OneDenseNetwork replica() {
        return withSettings(new OneDenseNetwork(dataType(), w));
    }

    @Override
    protected String describeOnnx(dev.kiln.runtime.onnx.OnnxGraph g) {
        return g.dense("logits/linear", "input", "fc.weight", null);
    }

    @Override
    protected Activations allocate(int batch) {
        allocations.incrementAndGet();
        return new Activations(batch, dataType());
    }

    @Override
    protected void loadInput(INDArray input, Activations a) {
        a.input.assign(input);
    }

    @Override
    protected INDArray forward(boolean training) {
        lastTraining = training;
        CountDownLatch in = entered;
        if (in != null) {
            in.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Activations a = buffers();
        Dense.forward(a.input, w, null, a.logits);
        return a.logits;
    }

    @Override
    protected double crossEntropy(int[] labels, double labelSmoothing) {
        Activations a = buffers();
        double loss = SoftmaxCrossEntropy.forward(a.logits, labels, a.probs, labelSmoothing);
        SoftmaxCrossEntropy.backward(a.probs, labels, labelSmoothing, a.dLogits);
        return loss;
    }

    @Override
    protected void runBackward() {
        Activations a = buffers();
        Dense.backward(a.input, w, a.dLogits, null, false, dw, null);
    }

    /** The buffers of one batch size. */
    public static final class Activations extends GeneratedNetwork.Buffers {
        final INDArray input;
        final INDArray logits;
        final INDArray probs;
        final INDArray dLogits;

        Activations(int n, DataType type) {
            super(n);
            input = Nd4j.zeros(type, n, 2);
            logits = Nd4j.zeros(type, n, 3);
            probs = Nd4j.zeros(type, n, 3);
            dLogits = Nd4j.zeros(type, n, 3);
        }

        @Override
        protected Map<String, INDArray> outputs() {
            return Map.of("input", input, "logits/linear", logits);
        }
    }
}
