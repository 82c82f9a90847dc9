package dev.kiln.runtime;

import dev.kiln.runtime.onnx.OnnxGraph;
import dev.kiln.runtime.onnx.OnnxModel;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every generated network does the same way, whatever its layers: the one-call-at-a-time
 * guard, the order {@code trainForward → loss → backward} and its checks, the buffers kept per
 * batch size, the training step, the settings and the accessors. A generated class
 * {@code KilnX} extends this and supplies what varies: its parameter and buffer fields, the
 * forward and backward steps, the layer methods and the layer table.
 *
 * <p>Hand-written and tested like any other runtime class, as AutoValue's and Dagger's
 * generated code leans on their runtimes; it is public only because generated code lives in
 * the user's package.
 *
 * @param <B> the generated class's buffers for one batch size
 */
public abstract class GeneratedNetwork<B extends GeneratedNetwork.Buffers> implements Network {
    /** What the processor computed about the model at compile time. */
    public record Facts(String name, long[] inputShape, int classes, long fixedElements, long elementsPerExample,
                        String summary) {
        public Facts {
            inputShape = inputShape.clone();
        }
    }

    /** The buffers planned for one batch size; the generated class's nested {@code Activations}. */
    public abstract static class Buffers {
        /** The batch size these buffers hold. */
        public final int batch;

        protected Buffers(int batch) {
            this.batch = batch;
        }

        /** What forward writes, by layer and step, in forward order: {@link Network#outputs()}. */
        protected abstract Map<String, INDArray> outputs();
    }

    private final Facts facts;
    private final DataType dataType;
    private final List<Parameter> parameters;
    private final Map<String, INDArray> state;
    private final ConcurrentUseGuard guard;
    private final Map<Integer, B> byBatch = new HashMap<>();
    /** The buffers of the current batch size; null before the first call. */
    private B current;
    private int[] labels = new int[0];
    private long step;
    /** 0: nothing to differentiate; 1: after trainForward; 2: after loss. */
    private int stage;
    private boolean checkInputs;
    private double labelSmoothing;

    /**
     * @param parameters the trainable tensors with their gradients, in declaration order
     * @param state the tensors that are not trained (BN running statistics), in declaration order
     */
    protected GeneratedNetwork(Facts facts, DataType dataType, List<Parameter> parameters, Map<String, INDArray> state) {
        this.facts = facts;
        this.dataType = runnable(facts.name(), dataType);
        this.parameters = List.copyOf(parameters);
        this.state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
        this.guard = new ConcurrentUseGuard(facts.name());
    }

    /** {@code type}, when a network can run in it (FLOAT, or DOUBLE for gradient checks); else an exception naming the network. */
    protected static DataType runnable(String network, DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException(network + ": networks run in FLOAT or DOUBLE, not " + type);
        }
        return type;
    }

    /** New buffers for batch size {@code batch}. */
    protected abstract B allocate(int batch);

    /**
     * Copies the user's NCHW {@code input} into the input buffer of {@code a}. (It takes the
     * buffers so that no layer method of one {@code INDArray} can clash with it.)
     */
    protected abstract void loadInput(INDArray input, B a);

    /** Runs every layer forward on the current buffers; returns the logits buffer. */
    protected abstract INDArray forward(boolean training);

    /** The loss of the logits against {@code labels} (the first {@code batch} entries), and the logits' gradient. */
    protected abstract double crossEntropy(int[] labels, double labelSmoothing);

    /**
     * Runs every layer backward from the logits' gradient. (Not {@code backward…}: the generated
     * class names its per-method steps {@code backwardStem}, {@code backwardStage1}, ….)
     */
    protected abstract void runBackward();

    /**
     * Adds this network's inference graph to {@code graph}, one node a layer step, and returns
     * the name of the logits; {@link #exportOnnx} writes it.
     */
    protected abstract String describeOnnx(OnnxGraph graph);

    @Override
    public abstract GeneratedNetwork<B> replica();

    /**
     * Writes this network, with its current parameters and running statistics, as an ONNX model
     * ({@link OnnxModel}: opset 13, input {@code input} with a symbolic batch, output
     * {@code logits}) to {@code file}, atomically: until the whole file is written the old one,
     * or none, stays.
     *
     * @throws IOException when {@code file} cannot be written; nothing is left behind
     */
    public final void exportOnnx(Path file) throws IOException {
        guard.enter("exportOnnx");
        try {
            OnnxGraph graph = new OnnxGraph();
            String logits = describeOnnx(graph);
            OnnxModel.write(OnnxModel.of(this, graph, logits), file);
        } finally {
            guard.exit();
        }
    }

    /** {@code fresh}, a replica of this network, with this network's settings; for {@link #replica()}. */
    protected final <N extends GeneratedNetwork<B>> N withSettings(N fresh) {
        GeneratedNetwork<B> replica = fresh;
        replica.checkInputs = checkInputs;
        replica.labelSmoothing = labelSmoothing;
        return fresh;
    }

    /** The buffers of the current batch size, for the generated steps. */
    protected final B buffers() {
        return current;
    }

    /** Marks the calling thread as inside {@code method} ({@link ConcurrentUseGuard#enter}). */
    protected final void enter(String method) {
        guard.enter(method);
    }

    /** Ends the call {@link #enter} began. */
    protected final void exit() {
        guard.exit();
    }

    /**
     * Checks {@code x}, the first input of layer method {@code label} ({@code "stage(stem)"}),
     * against its example shape and makes the buffers of its batch size current.
     */
    protected final B buffersFor(String label, INDArray x, long[] exampleShape) {
        return use(Inputs.batch(facts.name() + "." + label, x, exampleShape, dataType));
    }

    /** Checks another input of a layer method: its shape, and that its batch size is the first input's. */
    protected final void requireSameBatch(String label, INDArray x, long[] exampleShape) {
        if (Inputs.batch(facts.name() + "." + label, x, exampleShape, dataType) != current.batch) {
            throw new IllegalArgumentException(facts.name() + "." + label
                    + ": every input needs the same batch size as the first, " + current.batch);
        }
    }

    /** Makes the buffers of batch size {@code n} current, allocating them the first time. */
    private B use(int n) {
        B next = byBatch.computeIfAbsent(n, this::allocate);
        if (labels.length < n) {
            labels = new int[n];
        }
        current = next;
        stage = 0;
        return next;
    }

    private void start(INDArray input) {
        use(Inputs.batch(facts.name(), input, facts.inputShape(), dataType));
        if (checkInputs) {
            Inputs.requireFinite(facts.name(), input);
        }
        loadInput(input, current);
    }

    @Override
    public final INDArray predict(INDArray input) {
        guard.enter("predict");
        try {
            start(input);
            INDArray logits = forward(false);
            stage = 0;
            return logits;
        } finally {
            guard.exit();
        }
    }

    @Override
    public final INDArray trainForward(INDArray input) {
        guard.enter("trainForward");
        try {
            start(input);
            INDArray logits = forward(true);
            stage = 1;
            return logits;
        } finally {
            guard.exit();
        }
    }

    @Override
    public final double loss(INDArray labels) {
        guard.enter("loss");
        try {
            if (stage < 1) {
                throw new IllegalStateException(facts.name() + ": loss needs a trainForward first");
            }
            Inputs.labels(facts.name(), labels, current.batch, facts.classes(), this.labels);
            double loss = crossEntropy(this.labels, labelSmoothing);
            stage = 2;
            return loss;
        } finally {
            guard.exit();
        }
    }

    @Override
    public final void backward() {
        guard.enter("backward");
        try {
            if (stage != 2) {
                throw new IllegalStateException(facts.name()
                        + ": backward needs trainForward and loss first (predict does not keep what backward needs)");
            }
            runBackward();
        } finally {
            guard.exit();
        }
    }

    @Override
    public final double trainStep(INDArray input, INDArray labels, Optimizer optimizer) {
        guard.enter("trainStep");
        try {
            trainForward(input);
            double loss = loss(labels);
            step++;
            if (!Double.isFinite(loss)) {
                stage = 0;
                throw NonFinite.lossAt(this, input, step, loss);
            }
            backward();
            optimizer.step(parameters);
            return loss;
        } finally {
            guard.exit();
        }
    }

    /** Nothing to restart in a network without random streams; one with dropout overrides this. */
    @Override
    public void reseed(long seed) {}

    @Override
    public final String name() {
        return facts.name();
    }

    @Override
    public final DataType dataType() {
        return dataType;
    }

    @Override
    public final long[] inputShape() {
        return facts.inputShape().clone();
    }

    @Override
    public final int classes() {
        return facts.classes();
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public final Map<String, INDArray> state() {
        return state;
    }

    @Override
    public final Map<String, INDArray> outputs() {
        return current == null ? Map.of() : current.outputs();
    }

    @Override
    public final String summary() {
        return facts.summary();
    }

    @Override
    public final long trainingBytes(int batch) {
        return (facts.fixedElements() + facts.elementsPerExample() * (long) batch) * dataType.width();
    }

    @Override
    public final void setLabelSmoothing(double s) {
        if (!(s >= 0 && s < 1)) {
            throw new IllegalArgumentException(facts.name() + ": label smoothing must be in [0, 1), but is " + s);
        }
        labelSmoothing = s;
    }

    @Override
    public final void setCheckInputs(boolean check) {
        checkInputs = check;
    }
}
