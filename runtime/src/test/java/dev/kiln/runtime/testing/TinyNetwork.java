package dev.kiln.runtime.testing;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A hand-made {@link Network} for tests that need parameters and state but no generated code:
 * a dense layer {@code fc} [units, 4] with bias, then a batch norm {@code bn} over the units with
 * its running statistics. Values are random from a seed; only the methods that name, list and
 * hold arrays work.
 */
public final class TinyNetwork implements Network {
    private final String name;
    private final DataType type;
    private final List<Parameter> parameters = new ArrayList<>();
    private final Map<String, INDArray> state = new LinkedHashMap<>();

    /** {@code TinyNet}, FLOAT, 3 units, with batch norm. */
    public TinyNetwork(long seed) {
        this("TinyNet", DataType.FLOAT, 3, true, seed);
    }

    public TinyNetwork(String name, DataType type, int units, boolean batchNorm, long seed) {
        this.name = name;
        this.type = type;
        SplittableRandom r = new SplittableRandom(seed);
        add("fc.weight", Parameter.Kind.WEIGHT, r, units, 4);
        add("fc.bias", Parameter.Kind.BIAS, r, units);
        if (batchNorm) {
            add("bn.weight", Parameter.Kind.NORM_WEIGHT, r, units);
            add("bn.bias", Parameter.Kind.NORM_BIAS, r, units);
            state.put("bn.running_mean", random(r, units));
            state.put("bn.running_var", random(r, units));
        }
    }

    private void add(String parameter, Parameter.Kind kind, SplittableRandom r, long... shape) {
        parameters.add(new Parameter(parameter, random(r, shape), random(r, shape), kind));
    }

    private INDArray random(SplittableRandom r, long... shape) {
        INDArray a = Nd4j.create(type, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextDouble(-1, 1));
        }
        return a;
    }

    /** Fills every gradient with new random values, as a backward pass would. */
    public void randomGradients(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Parameter p : parameters) {
            p.gradient().assign(random(r, p.gradient().shape()));
        }
    }

    @Override public String name() {
        return name;
    }

    @Override public DataType dataType() {
        return type;
    }

    @Override public List<Parameter> parameters() {
        return parameters;
    }

    @Override public Map<String, INDArray> state() {
        return state;
    }

    @Override public long[] inputShape() {
        return new long[] {4};
    }

    @Override public int classes() {
        return (int) parameters.get(0).value().size(0);
    }

    @Override public Map<String, INDArray> outputs() {
        return Map.of();
    }

    @Override public INDArray predict(INDArray input) {
        throw new UnsupportedOperationException("TinyNetwork holds arrays only");
    }

    @Override public INDArray trainForward(INDArray input) {
        throw new UnsupportedOperationException("TinyNetwork holds arrays only");
    }

    @Override public double loss(INDArray labels) {
        throw new UnsupportedOperationException("TinyNetwork holds arrays only");
    }

    @Override public void backward() {
        throw new UnsupportedOperationException("TinyNetwork holds arrays only");
    }

    @Override public double trainStep(INDArray input, INDArray labels, Optimizer optimizer) {
        throw new UnsupportedOperationException("TinyNetwork holds arrays only");
    }

    @Override public String summary() {
        throw new UnsupportedOperationException("TinyNetwork holds arrays only");
    }

    @Override public long trainingBytes(int batch) {
        throw new UnsupportedOperationException("TinyNetwork holds arrays only");
    }

    @Override public void reseed(long seed) {
        throw new UnsupportedOperationException("TinyNetwork holds arrays only");
    }

    @Override public void setLabelSmoothing(double s) {
        throw new UnsupportedOperationException();
    }

    @Override public Network replica() {
        throw new UnsupportedOperationException("TinyNetwork holds arrays only");
    }

    @Override public void setCheckInputs(boolean check) {
        throw new UnsupportedOperationException("TinyNetwork holds arrays only");
    }
}
