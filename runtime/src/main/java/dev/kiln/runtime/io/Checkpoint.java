package dev.kiln.runtime.io;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.OptimizerStateException;
import dev.kiln.runtime.train.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything a training run needs to resume, in one {@link Npz} file that NumPy reads:
 *
 * <ul>
 *   <li>{@code meta.format}, {@code meta.model}, {@code meta.epoch}, {@code meta.step},
 *       {@code meta.rng_state}: see {@link TrainingState};</li>
 *   <li>the network's parameters by their PyTorch-style names ({@code stage1.0.conv1.weight})
 *       and its non-trainable state ({@code stem.bn.running_mean}), in the network's type,
 *       so the names and values read like a PyTorch {@code state_dict};</li>
 *   <li>the optimizer's state, {@code optimizer.steps} and {@code optimizer.<parameter>.<buffer>}
 *       (see {@link Optimizer}).</li>
 * </ul>
 *
 * Saving replaces the file atomically, so a crash mid-save leaves the previous checkpoint.
 * Loading checks every entry against the network (name, shape and type) and the optimizer
 * before it changes anything, and reports every difference at once in a
 * {@link CheckpointMismatchException}; then it copies the values into the network's own arrays.
 */
public final class Checkpoint {
    private Checkpoint() {}

    /** Writes {@code net}'s parameters and state, {@code optimizer}'s state and {@code state} to {@code file}. */
    public static void save(Path file, Network net, Optimizer optimizer, TrainingState state) throws IOException {
        Objects.requireNonNull(optimizer, "Checkpoint.save: optimizer");
        Objects.requireNonNull(state, "Checkpoint.save: training state");
        Map<String, INDArray> arrays = new LinkedHashMap<>(Meta.encode(net.name(), state));
        networkArrays(net).forEach((name, a) -> {
            if (name.startsWith(Meta.PREFIX) || name.startsWith(Optimizer.STATE_PREFIX)) {
                throw new IllegalArgumentException("Checkpoint.save: network " + net.name() + " has an array named " + name
                        + "; names starting with " + Meta.PREFIX + " or " + Optimizer.STATE_PREFIX + " are the checkpoint's own");
            }
            arrays.put(name, a);
        });
        optimizer.state().forEach((name, a) -> {
            if (!name.startsWith(Optimizer.STATE_PREFIX) || arrays.containsKey(name)) {
                throw new IllegalArgumentException("Checkpoint.save: optimizer state entry " + name + " must start with "
                        + Optimizer.STATE_PREFIX + " and appear once");
            }
            arrays.put(name, a);
        });
        Npz.write(file, arrays);
    }

    /**
     * Restores {@code net} and {@code optimizer} from {@code file} and returns the training
     * state saved with them. Every parameter and state array of the network must be in the
     * checkpoint with its shape and type, the model name must match, and nothing else may be
     * there; the optimizer checks its own entries ({@link Optimizer#load}). On any problem,
     * nothing is changed.
     *
     * @throws NpzFormatException          the file is not a well-formed {@code .npz}
     * @throws CheckpointMismatchException it does not fit the network or the optimizer
     */
    public static TrainingState load(Path file, Network net, Optimizer optimizer) throws IOException {
        return load(file, net, Objects.requireNonNull(optimizer, "Checkpoint.load: optimizer"), true);
    }

    /** As {@link #load(Path, Network, Optimizer)} for the network alone, for evaluation: optimizer entries are ignored. */
    public static TrainingState load(Path file, Network net) throws IOException {
        return load(file, net, null, false);
    }

    private static TrainingState load(Path file, Network net, Optimizer optimizer, boolean withOptimizer) throws IOException {
        Map<String, INDArray> saved = Npz.read(file);
        List<String> problems = new ArrayList<>();
        TrainingState state = Meta.decode(saved, net.name(), problems);
        Map<String, INDArray> targets = networkArrays(net);
        for (Map.Entry<String, INDArray> t : targets.entrySet()) {
            INDArray a = saved.get(t.getKey());
            INDArray target = t.getValue();
            if (a == null) {
                problems.add(t.getKey() + ": missing from the checkpoint");
            } else if (!Arrays.equals(a.shape(), target.shape()) || a.dataType() != target.dataType()) {
                problems.add(t.getKey() + ": checkpoint has " + Shapes.describe(a) + ", the network " + Shapes.describe(target));
            }
        }
        Map<String, INDArray> optimizerState = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : saved.entrySet()) {
            String name = e.getKey();
            if (name.startsWith(Optimizer.STATE_PREFIX)) {
                optimizerState.put(name, e.getValue());
            } else if (!targets.containsKey(name) && !Meta.NAMES.contains(name)) {
                problems.add(name + ": in the checkpoint, but not in the network");
            }
        }
        if (!problems.isEmpty()) {
            throw new CheckpointMismatchException(file, "checkpoint does not fit network " + net.name(), problems, null);
        }
        if (withOptimizer) {
            try {
                optimizer.load(optimizerState, net.parameters());
            } catch (OptimizerStateException e) {
                throw new CheckpointMismatchException(file, "optimizer state does not fit this "
                        + optimizer.getClass().getSimpleName(), e.problems(), e);
            }
        }
        targets.forEach((name, target) -> target.assign(saved.get(name)));
        return state;
    }

    /** The network's parameter values and state arrays by name, in declaration order. */
    private static Map<String, INDArray> networkArrays(Network net) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (Parameter p : net.parameters()) {
            putOnce(arrays, p.name(), p.value(), net);
        }
        net.state().forEach((name, a) -> putOnce(arrays, name, a, net));
        return arrays;
    }

    private static void putOnce(Map<String, INDArray> arrays, String name, INDArray a, Network net) {
        if (arrays.put(name, a) != null) {
            throw new IllegalArgumentException("Checkpoint: network " + net.name() + " names two arrays " + name);
        }
    }
}
