package dev.kiln.runtime.train;

import dev.kiln.runtime.arrays.Buf;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-parameter state of one optimizer, kept by parameter name: a few {@code double[]}
 * buffers the size of the parameter (momentum, moments), a count of the steps that parameter has
 * taken, and the optimizer's own step count. {@link #begin} checks a step's whole parameter list
 * before the optimizer changes anything and makes a parameter's slot on its first step, so later
 * steps allocate nothing: a slot keeps its
 * views of the value and gradient while the step is given the same arrays. {@link #export} and {@link #restore} (see {@link StateCodec}) carry the
 * state to and from a checkpoint.
 */
final class SlotTable {
    /** One parameter's state. */
    static final class Slot {
        final long[] shape;
        /** One per buffer name, each as long as the parameter. */
        final double[][] buffers;
        /** Steps this parameter has taken (Adam's t). */
        long count;
        /** The value and gradient of the step under way, set by {@link #begin}. */
        Buf value;
        Buf gradient;
        /** The arrays {@link #value} and {@link #gradient} view: a step on the same arrays keeps the views. */
        private INDArray valueArray;
        private INDArray gradientArray;
        private long seenInCall;
        private long madeInCall;

        Slot(long[] shape, int bufferCount, int length) {
            this.shape = shape;
            this.buffers = new double[bufferCount][length];
        }

        /** Views of this step's arrays, made again only for an array not seen in the step before. */
        private void view(INDArray v, INDArray g) {
            if (v != valueArray) {
                value = Buf.of(v);
                valueArray = v;
            }
            if (g != gradientArray) {
                gradient = Buf.of(g);
                gradientArray = g;
            }
        }
    }

    final String owner;
    /** What each slot keeps, e.g. {@code exp_avg}, {@code exp_avg_sq}: named in checkpoints as {@code <parameter>.<buffer>}. */
    final List<String> bufferNames;
    /** Whether the per-parameter step count is state worth saving ({@code <parameter>.step}). */
    final boolean counted;
    final Map<String, Slot> slots = new LinkedHashMap<>();
    long steps;
    private long calls;

    SlotTable(String owner, List<String> bufferNames, boolean counted) {
        this.owner = owner;
        this.bufferNames = List.copyOf(bufferNames);
        this.counted = counted;
    }

    /**
     * Checks every parameter of a step (dense FLOAT or DOUBLE, a repeated name, a changed shape)
     * and sets each slot's {@code value} and {@code gradient}. On a problem it forgets the slots
     * it made in this call and throws, so a rejected step changes nothing.
     */
    void begin(List<Parameter> parameters) {
        long call = ++calls;
        try {
            for (int k = 0; k < parameters.size(); k++) { // indexed: no iterator per step
                Parameter p = parameters.get(k);
                Slot s = slots.get(p.name());
                if (s == null) {
                    int length = Math.toIntExact(p.value().length());
                    s = new Slot(p.value().shape().clone(), bufferNames.size(), length);
                    s.madeInCall = call;
                    slots.put(p.name(), s);
                } else if (s.seenInCall == call) {
                    throw new IllegalArgumentException(owner + ".step: parameter names must be unique, but "
                            + p.name() + " appears twice");
                } else if (!sameShape(s.shape, p.value())) {
                    throw new IllegalArgumentException(owner + ".step: parameter " + p.name() + " must keep its shape "
                            + StateCodec.shape(s.shape) + ", but has " + StateCodec.shape(p.value().shape()));
                }
                s.seenInCall = call;
                s.view(p.value(), p.gradient());
            }
        } catch (RuntimeException e) {
            slots.values().removeIf(s -> s.madeInCall == call);
            throw e;
        }
    }

    /** The slot {@link #begin} prepared for {@code name}. */
    Slot slot(String name) {
        return slots.get(name);
    }

    /** Counts a completed step. */
    void end() {
        steps++;
    }

    /** Copies of the state under {@code optimizer.…} names: the step count, then each parameter's buffers and count. */
    Map<String, INDArray> export() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put(Optimizer.STATE_PREFIX + "steps", Nd4j.scalar(steps));
        slots.forEach((name, s) -> {
            for (int b = 0; b < bufferNames.size(); b++) {
                state.put(key(name, bufferNames.get(b)), Nd4j.create(s.buffers[b], s.shape, DataType.DOUBLE));
            }
            if (counted) {
                state.put(key(name, "step"), Nd4j.scalar(s.count));
            }
        });
        return state;
    }

    /** Replaces all state with what {@link StateCodec#check} accepted. */
    void restore(Map<String, INDArray> state, long steps, List<Parameter> parameters) {
        slots.clear();
        this.steps = steps;
        if (steps == 0 || (bufferNames.isEmpty() && !counted)) {
            return;
        }
        for (Parameter p : parameters) {
            int length = Math.toIntExact(p.value().length());
            Slot s = new Slot(p.value().shape().clone(), bufferNames.size(), length);
            for (int b = 0; b < bufferNames.size(); b++) {
                INDArray saved = state.get(key(p.name(), bufferNames.get(b)));
                System.arraycopy(saved.castTo(DataType.DOUBLE).dup('c').data().asDouble(), 0, s.buffers[b], 0, length);
            }
            if (counted) {
                s.count = state.get(key(p.name(), "step")).getLong(0);
            }
            slots.put(p.name(), s);
        }
    }

    /** The checkpoint name of one parameter's entry, {@code optimizer.stem.weight.exp_avg}. */
    static String key(String parameter, String entry) {
        return Optimizer.STATE_PREFIX + parameter + "." + entry;
    }

    private static boolean sameShape(long[] shape, INDArray a) {
        if (a.rank() != shape.length) {
            return false;
        }
        for (int d = 0; d < shape.length; d++) {
            if (a.size(d) != shape[d]) {
                return false;
            }
        }
        return true;
    }
}
