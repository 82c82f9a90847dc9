package dev.kiln.runtime.testing;

import dev.kiln.runtime.ConcurrentUseGuard;
import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Parameter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A hand-made {@link Network} for pool tests: {@code predict(x)} writes {@code x · scale} into
 * an array the instance owns, as a generated network does, behind the same guard. Replicas share
 * {@code scale} and the counters; {@link #hold} makes every predict wait inside, so a test can
 * keep replicas busy for as long as it needs.
 */
public final class ScaleNetwork implements Network {
    /** The shared parameter, one value. */
    public final INDArray scale;
    /** Predictions in progress across all replicas, and the most seen at once. */
    public final AtomicInteger inside;
    public final AtomicInteger mostInside;
    /** Replicas made from this network or its replicas. */
    public final AtomicInteger replicas;
    /** Set by a test: every predict counts {@code entered} down, then waits for {@code release}. */
    public volatile CountDownLatch entered;
    public volatile CountDownLatch release;

    /** A broken network for error tests: replica() returns the network itself. */
    private boolean replicaIsSelf;

    private final ConcurrentUseGuard guard = new ConcurrentUseGuard("ScaleNet");
    private INDArray out = Nd4j.create(DataType.FLOAT, 1, 1);

    public ScaleNetwork(float scale) {
        this(Nd4j.scalar(scale), new AtomicInteger(), new AtomicInteger(), new AtomicInteger());
    }

    private ScaleNetwork(INDArray scale, AtomicInteger inside, AtomicInteger mostInside, AtomicInteger replicas) {
        this.scale = scale;
        this.inside = inside;
        this.mostInside = mostInside;
        this.replicas = replicas;
    }

    /** A network whose replica() wrongly returns itself. */
    public static ScaleNetwork replicatingItself(float scale) {
        ScaleNetwork net = new ScaleNetwork(scale);
        net.replicaIsSelf = true;
        return net;
    }

    /** Makes every later predict, on any replica, report and wait. */
    public void hold(CountDownLatch entered, CountDownLatch release) {
        this.release = release;
        this.entered = entered;
    }

    @Override public INDArray predict(INDArray input) {
        guard.enter("predict");
        try {
            if (input.dataType() != DataType.FLOAT) {
                throw new IllegalArgumentException("ScaleNet: input must be FLOAT, but is " + input.dataType());
            }
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                await();
                if (!java.util.Arrays.equals(out.shape(), input.shape())) {
                    out = Nd4j.create(DataType.FLOAT, input.shape());
                }
                return out.assign(input).muli(scale.getFloat(0));
            } finally {
                inside.decrementAndGet();
            }
        } finally {
            guard.exit();
        }
    }

    private void await() {
        CountDownLatch e = entered;
        CountDownLatch r = release;
        if (e == null || r == null) {
            return;
        }
        e.countDown();
        try {
            if (!r.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("ScaleNet: not released within 30 s");
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public ScaleNetwork replica() {
        if (replicaIsSelf) {
            return this;
        }
        replicas.incrementAndGet();
        ScaleNetwork r = new ScaleNetwork(scale, inside, mostInside, replicas);
        r.entered = entered;
        r.release = release;
        return r;
    }

    @Override public String name() {
        return "ScaleNet";
    }

    @Override public DataType dataType() {
        return DataType.FLOAT;
    }

    @Override public long[] inputShape() {
        return new long[] {1};
    }

    @Override public int classes() {
        return 1;
    }

    @Override public List<Parameter> parameters() {
        return List.of();
    }

    @Override public Map<String, INDArray> state() {
        return Map.of();
    }

    @Override public Map<String, INDArray> outputs() {
        return Map.of();
    }

    @Override public INDArray trainForward(INDArray input) {
        throw new UnsupportedOperationException("ScaleNetwork predicts only");
    }

    @Override public double loss(INDArray labels) {
        throw new UnsupportedOperationException("ScaleNetwork predicts only");
    }

    @Override public void backward() {
        throw new UnsupportedOperationException("ScaleNetwork predicts only");
    }

    @Override public double trainStep(INDArray input, INDArray labels, Optimizer optimizer) {
        throw new UnsupportedOperationException("ScaleNetwork predicts only");
    }

    @Override public String summary() {
        return "ScaleNet";
    }

    @Override public long trainingBytes(int batch) {
        return 0;
    }

    @Override public void reseed(long seed) {}

    @Override public void setLabelSmoothing(double s) {}

    @Override public void setCheckInputs(boolean check) {}
}
