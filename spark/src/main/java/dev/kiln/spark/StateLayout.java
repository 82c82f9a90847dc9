package dev.kiln.spark;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything a round carries between driver and workers, as one flat {@code double[]}: the
 * network's parameters (float32 values are exact in a double), its non-trainable state (batch-norm
 * running statistics) and the optimizer's state (momentum or moment buffers, step counts), in
 * that order and each in its checkpoint name's order. Averaging the workers' vectors element by
 * element is then parameter averaging. A primitive array, not Java-serialised objects of Kiln's:
 * Spark moves it as bytes.
 */
final class StateLayout {
    /** One named array of the vector. */
    record Entry(String name, long[] shape, DataType type, int offset, int length) {}

    private static final String STEPS = Optimizer.STATE_PREFIX + "steps";

    private final List<Entry> network = new ArrayList<>();
    private final List<Entry> optimizer = new ArrayList<>();
    private final int length;

    /**
     * The layout of {@code net} and of an optimizer made by {@code factory}. The optimizer makes its
     * per-parameter state on its first step, so a throwaway one takes a step of learning rate 0 on a
     * throwaway network (its gradients are zero) to show what it keeps.
     */
    static StateLayout of(NetworkFactory nets, OptimizerFactory factory) {
        Network net = nets.create();
        Optimizer primed = factory.create();
        primed.setLearningRate(0);
        primed.step(net.parameters());
        return new StateLayout(net, primed.state());
    }

    private StateLayout(Network net, Map<String, INDArray> optimizerState) {
        int offset = 0;
        for (Parameter p : net.parameters()) {
            offset = add(network, p.name(), p.value(), offset);
        }
        for (Map.Entry<String, INDArray> s : net.state().entrySet()) {
            offset = add(network, s.getKey(), s.getValue(), offset);
        }
        if (!optimizerState.containsKey(STEPS)) {
            throw new IllegalStateException("the optimizer's state has no " + STEPS + ": " + optimizerState.keySet());
        }
        for (Map.Entry<String, INDArray> s : optimizerState.entrySet()) {
            offset = add(optimizer, s.getKey(), s.getValue(), offset);
        }
        this.length = offset;
    }

    private static int add(List<Entry> to, String name, INDArray a, int offset) {
        long n = a.length();
        if (offset + n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the training state is too large for one round's vector (" + (offset + n) + " values)");
        }
        to.add(new Entry(name, a.shape(), a.dataType(), offset, (int) n));
        return offset + (int) n;
    }

    /** Values in the vector. */
    int length() {
        return length;
    }

    /** Bytes of one vector as Spark moves it. */
    long bytes() {
        return 8L * length;
    }

    /** Writes the network's and optimizer's state into {@code v} from {@code from}. */
    void write(Network net, Optimizer opt, double[] v, int from) {
        Map<String, INDArray> arrays = networkArrays(net);
        for (Entry e : network) {
            INDArray a = arrays.get(e.name());
            if (a == null) {
                throw new IllegalArgumentException(net.name() + " has no array " + e.name() + ": it is not the network the"
                        + " factory makes");
            }
            copyOut(a, e, v, from);
        }
        Map<String, INDArray> state = opt.state();
        for (Entry e : optimizer) {
            INDArray a = state.get(e.name());
            if (a == null) {
                Arrays.fill(v, from + e.offset(), from + e.offset() + e.length(), 0); // not made yet: no step taken
            } else {
                copyOut(a, e, v, from);
            }
        }
    }

    /**
     * Sets the network's parameters and state and the optimizer's state from {@code v}, read from
     * {@code from}; counts are rounded (an average of equal counts is that count).
     */
    void read(double[] v, int from, Network net, Optimizer opt) {
        Map<String, INDArray> arrays = networkArrays(net);
        for (Entry e : network) {
            arrays.get(e.name()).assign(array(v, from, e));
        }
        Map<String, INDArray> state = new LinkedHashMap<>();
        long steps = Math.round(v[from + entry(STEPS).offset()]);
        for (Entry e : optimizer) {
            if (steps > 0 || e.name().equals(STEPS)) {
                state.put(e.name(), array(v, from, e));
            }
        }
        opt.load(state, net.parameters());
    }

    /** The optimizer's step count in {@code v}. */
    long steps(double[] v, int from) {
        return Math.round(v[from + entry(STEPS).offset()]);
    }

    /** The name of the entry holding element {@code i} of the vector, for error messages. */
    String nameAt(int i) {
        for (List<Entry> list : List.of(network, optimizer)) {
            for (Entry e : list) {
                if (i >= e.offset() && i < e.offset() + e.length()) {
                    return e.name();
                }
            }
        }
        return "element " + i;
    }

    private Entry entry(String name) {
        return optimizer.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private static void copyOut(INDArray a, Entry e, double[] v, int from) {
        if (a.length() != e.length()) {
            throw new IllegalStateException(e.name() + ": expected " + e.length() + " values, but the array has " + a.length());
        }
        if (e.length() == 1) {
            v[from + e.offset()] = a.getDouble(0);
        } else {
            System.arraycopy(a.reshape(a.length()).toDoubleVector(), 0, v, from + e.offset(), e.length());
        }
    }

    private static INDArray array(double[] v, int from, Entry e) {
        if (e.shape().length == 0) {
            double x = v[from + e.offset()];
            return e.type().isIntType() ? Nd4j.scalar(e.type(), Math.round(x)) : Nd4j.scalar(e.type(), x);
        }
        double[] values = Arrays.copyOfRange(v, from + e.offset(), from + e.offset() + e.length());
        INDArray a = e.type().isIntType() ? Nd4j.createFromArray(Arrays.stream(values).mapToLong(Math::round).toArray())
                .castTo(e.type()) : Nd4j.createFromArray(values).castTo(e.type());
        return a.reshape(e.shape());
    }

    private static Map<String, INDArray> networkArrays(Network net) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        net.parameters().forEach(p -> arrays.put(p.name(), p.value()));
        arrays.putAll(net.state());
        return arrays;
    }
}
