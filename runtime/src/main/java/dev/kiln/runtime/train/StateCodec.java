package dev.kiln.runtime.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks a saved optimizer state against what a {@link SlotTable} keeps and the parameters it
 * will serve, naming every missing, unexpected or misshapen entry, before anything is restored.
 */
final class StateCodec {
    private StateCodec() {}

    /** The state's step count, if every entry fits; otherwise an {@link OptimizerStateException} listing them all. */
    static long check(SlotTable table, Map<String, INDArray> state, List<Parameter> parameters) {
        List<String> problems = new ArrayList<>();
        String stepsKey = Optimizer.STATE_PREFIX + "steps";
        INDArray saved = state.get(stepsKey);
        long steps = -1;
        if (saved == null) {
            problems.add(stepsKey + ": missing");
        } else if (!isCount(saved) || saved.getLong(0) < 0) {
            problems.add(stepsKey + ": must be a 0-d integer ≥ 0, but is " + describe(saved));
        } else {
            steps = saved.getLong(0);
        }
        List<String> entries = new ArrayList<>(table.bufferNames);
        if (table.counted) {
            entries.add("step");
        }
        Set<String> expected = new HashSet<>();
        expected.add(stepsKey);
        Set<String> names = new HashSet<>();
        for (Parameter p : parameters) {
            if (!names.add(p.name())) {
                problems.add("parameter names must be unique, but " + p.name() + " appears twice");
                continue;
            }
            for (String entry : entries) {
                String key = SlotTable.key(p.name(), entry);
                expected.add(key);
                INDArray a = state.get(key);
                if (a == null) {
                    if (steps > 0) {
                        problems.add(key + ": missing");
                    }
                } else if (steps == 0) {
                    problems.add(key + ": present, but " + stepsKey + " is 0");
                } else if (entry.equals("step")) {
                    if (!isCount(a) || a.getLong(0) < 1 || (steps > 0 && a.getLong(0) > steps)) {
                        problems.add(key + ": must be a 0-d integer in [1, " + stepsKey + "], but is " + describe(a));
                    }
                } else if (!a.isR() || !Arrays.equals(a.shape(), p.value().shape())) {
                    problems.add(key + ": saved " + describe(a) + ", the parameter is " + describe(p.value()));
                }
            }
        }
        for (String key : state.keySet()) {
            if (!expected.contains(key)) {
                problems.add(key + ": unexpected; " + table.owner + " keeps " + stepsKey
                        + (entries.isEmpty() ? " only" : " and, per parameter, <name>." + String.join(", <name>.", entries)));
            }
        }
        if (!problems.isEmpty()) {
            throw new OptimizerStateException(table.owner, problems);
        }
        return steps;
    }

    /** {@code [16,3,3,3] FLOAT}; a scalar is {@code [] LONG}. */
    static String describe(INDArray a) {
        return shape(a.shape()) + " " + a.dataType();
    }

    /** {@code [16,3,3,3]}, no spaces. */
    static String shape(long[] shape) {
        return Arrays.toString(shape).replace(" ", "");
    }

    private static boolean isCount(INDArray a) {
        return a.rank() == 0 && (a.dataType() == DataType.INT64 || a.dataType() == DataType.INT32);
    }
}
