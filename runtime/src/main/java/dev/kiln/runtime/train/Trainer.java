package dev.kiln.runtime.train;

import dev.kiln.runtime.Inputs;
import dev.kiln.runtime.Network;
import dev.kiln.runtime.NonFinite;
import dev.kiln.runtime.NonFiniteLossException;
import dev.kiln.runtime.io.EpochCheckpoints;
import dev.kiln.runtime.kernels.SoftmaxCrossEntropy;
import dev.kiln.runtime.metrics.Accuracy;
import dev.kiln.runtime.metrics.ConfusionMatrix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training loop: epochs over a {@link BatchSource}, the learning rate from a
 * {@link Schedule} before every step, evaluation on the test set after every epoch, listeners,
 * and an optional early stop when the test error stops improving.
 */
public final class Trainer {
    /**
     * @param epochs         the last epoch to run (a resumed run continues up to it)
     * @param seed           dropout masks of epoch e come from seed + e, so a resumed run repeats them
     * @param patience       stop after this many epochs without the test error improving by
     *                       {@code minDelta}; 0 never stops early
     * @param skipNonFinite  how many batches whose loss or gradients are NaN or infinite to skip
     *                       (no update; the BN statistics they touched restored) before stopping;
     *                       0 stops at the first with a {@link NonFiniteLossException}
     */
    public record Config(int epochs, double labelSmoothing, int patience, double minDelta, long seed, int skipNonFinite) {
        /** A configuration that stops at the first non-finite loss. */
        public Config(int epochs, double labelSmoothing, int patience, double minDelta, long seed) {
            this(epochs, labelSmoothing, patience, minDelta, seed, 0);
        }

        public Config {
            if (skipNonFinite < 0) {
                throw new IllegalArgumentException("skipNonFinite must be ≥ 0, but is " + skipNonFinite);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, but is " + epochs);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("patience must be ≥ 0, but is " + patience);
            }
            if (!(minDelta >= 0) || !(labelSmoothing >= 0 && labelSmoothing < 1)) {
                throw new IllegalArgumentException("minDelta must be ≥ 0 and labelSmoothing in [0, 1), but are "
                        + minDelta + " and " + labelSmoothing);
            }
        }
    }

    private final Network net;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private final Config config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final Map<Integer, INDArray> probs = new HashMap<>();
    private int[] labels = new int[0];
    private long step;
    private final EarlyStopping earlyStopping;
    private final NonFiniteBatches nonFinite;
    private EpochCheckpoints checkpoints;

    public Trainer(Network net, Optimizer optimizer, Schedule schedule, Config config) {
        this.net = net;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.config = config;
        this.nonFinite = new NonFiniteBatches(net, config.skipNonFinite(), listeners);
        this.earlyStopping = new EarlyStopping(config.patience(), config.minDelta());
        net.setLabelSmoothing(config.labelSmoothing());
    }

    public Trainer listen(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Saves a checkpoint after every epoch through {@code c}; a {@link NonFiniteLossException}
     * then names the last one saved.
     */
    public Trainer checkpoints(EpochCheckpoints c) {
        checkpoints = c;
        return listen(c);
    }

    /** The configuration this trainer runs with. */
    public Config config() {
        return config;
    }

    /** Batches skipped so far because their loss or gradients were not finite. */
    public int skipped() {
        return nonFinite.skipped();
    }

    /** Steps taken so far (continues from {@link #resumeAt}). */
    public long step() {
        return step;
    }

    /** Continues a run whose last finished step was {@code step}. */
    public void resumeAt(long step) {
        this.step = step;
    }

    /**
     * Continues early stopping where an interrupted run left it: the test errors of its finished
     * epochs, in order (from its CSV), give the best error and the epochs since.
     */
    public void resumeEarlyStopping(java.util.List<Double> testErrors) {
        testErrors.forEach(earlyStopping::track);
    }

    /** Runs epochs {@code first} … {@code config.epochs()}; returns what each measured. */
    public List<EpochResult> fit(BatchSource train, BatchSource test, int first) {
        List<EpochResult> results = new ArrayList<>();
        for (int epoch = first; epoch <= config.epochs(); epoch++) {
            EpochResult r = epoch(train, test, epoch);
            results.add(r);
            listeners.forEach(l -> l.onEpochEnd(r));
            if (earlyStopping.track(r.testError())) {
                break;
            }
        }
        return results;
    }

    private EpochResult epoch(BatchSource train, BatchSource test, int epoch) {
        long start = System.nanoTime();
        int batches = train.batches();
        listeners.forEach(l -> l.onEpochStart(epoch, config.epochs(), batches));
        net.reseed(config.seed() + epoch);
        double lossSum = 0;
        long right = 0;
        int seen = 0;
        int batch = 0;
        double lr = optimizer.learningRate();
        Iterator<BatchSource.Batch> it = train.epoch(epoch);
        while (it.hasNext()) {
            BatchSource.Batch b = it.next();
            lr = schedule.learningRate(epoch - 1, batch, batches);
            optimizer.setLearningRate(lr);
            nonFinite.beforeForward();
            INDArray logits = net.trainForward(b.images());
            double loss = net.loss(b.labels());
            if (!Double.isFinite(loss)) {
                nonFinite.handle(epoch, batch++, step + 1, loss, NonFinite.culprit(net, b.images()), lastCheckpoint());
                continue;
            }
            int n = b.size();
            int correct = correct(logits, b.labels(), n);
            net.backward();
            int index = batch++;
            listeners.forEach(l -> l.onGradients(epoch, index, net.parameters()));
            Optional<String> bad = nonFinite.badGradient();
            if (bad.isPresent()) {
                nonFinite.handle(epoch, index, step + 1, loss, bad.get(), lastCheckpoint());
                continue;
            }
            step++;
            optimizer.step(net.parameters());
            lossSum += loss * n;
            right += correct;
            seen += n;
            listeners.forEach(l -> l.onBatch(epoch, index, step, loss, correct, n));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Optional<String> broken = NonFinite.inParameters(net);
        if (broken.isPresent()) {
            throw new NonFiniteLossException(net.name(), "after training step " + step + " (epoch " + epoch
                    + ") the parameters are no longer finite", step, lossSum / Math.max(1, seen), broken.get(), lastCheckpoint());
        }
        Evaluation eval = evaluate(test);
        return new EpochResult(epoch, step, lossSum / Math.max(1, seen), 1 - (double) right / Math.max(1, seen),
                eval.loss(), 1 - eval.confusion().accuracy(), lr, seconds, seen);
    }

    private NonFiniteLossException.GoodCheckpoint lastCheckpoint() {
        return checkpoints == null ? null : checkpoints.last().orElse(null);
    }

    /** Inference loss and confusion matrix over every batch of {@code data}. */
    public Evaluation evaluate(BatchSource data) {
        ConfusionMatrix confusion = new ConfusionMatrix(net.classes());
        double lossSum = 0;
        long seen = 0;
        Iterator<BatchSource.Batch> it = data.epoch(1);
        while (it.hasNext()) {
            BatchSource.Batch b = it.next();
            int n = b.size();
            INDArray logits = net.predict(b.images());
            ensureLabels(n);
            Inputs.labels(net.name(), b.labels(), n, net.classes(), labels);
            INDArray p = probs.computeIfAbsent(n, k -> Nd4j.create(net.dataType() == DataType.DOUBLE ? DataType.DOUBLE
                    : DataType.FLOAT, k, net.classes()));
            lossSum += SoftmaxCrossEntropy.forward(logits, labels, p, 0) * n;
            confusion.add(logits, labels, n);
            seen += n;
        }
        return new Evaluation(lossSum / Math.max(1, seen), confusion);
    }

    /** What {@link #evaluate} found. */
    public record Evaluation(double loss, ConfusionMatrix confusion) {}

    private int correct(INDArray logits, INDArray y, int n) {
        ensureLabels(n);
        Inputs.labels(net.name(), y, n, net.classes(), labels);
        return Accuracy.correct(logits, labels, n);
    }

    private void ensureLabels(int n) {
        if (labels.length < n) {
            labels = new int[n];
        }
    }
}
