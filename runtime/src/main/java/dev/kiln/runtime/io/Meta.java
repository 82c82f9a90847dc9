package dev.kiln.runtime.io;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The scalars of a checkpoint, as arrays under {@code meta.}: {@code meta.format} (this layout,
 * 1), {@code meta.model} (the network's name as INT Unicode code points, so
 * {@code "".join(map(chr, z["meta.model"]))} in Python), {@code meta.epoch} and
 * {@code meta.step} (0-d LONG) and {@code meta.rng_state} (1-d LONG).
 */
final class Meta {
    static final String PREFIX = "meta.";
    static final long FORMAT = 1;
    static final Set<String> NAMES = Set.of("meta.format", "meta.model", "meta.epoch", "meta.step", "meta.rng_state");

    private Meta() {}

    static Map<String, INDArray> encode(String model, TrainingState s) {
        Map<String, INDArray> meta = new LinkedHashMap<>();
        meta.put("meta.format", Nd4j.scalar(FORMAT));
        int[] codePoints = model.codePoints().toArray();
        meta.put("meta.model", codePoints.length == 0 ? Nd4j.create(DataType.INT32, 0) : Nd4j.createFromArray(codePoints));
        meta.put("meta.epoch", Nd4j.scalar((long) s.epoch()));
        meta.put("meta.step", Nd4j.scalar(s.step()));
        long[] rng = s.rngState();
        meta.put("meta.rng_state", rng.length == 0 ? Nd4j.create(DataType.INT64, 0) : Nd4j.createFromArray(rng));
        return meta;
    }

    /** The training state saved, or null after adding to {@code problems} what is missing or wrong. */
    static TrainingState decode(Map<String, INDArray> saved, String model, List<String> problems) {
        int before = problems.size();
        INDArray format = entry(saved, "meta.format", 0, DataType.INT64, problems);
        if (format != null && format.getLong(0) != FORMAT) {
            problems.add("meta.format: checkpoint has layout " + format.getLong(0) + ", this Kiln reads layout " + FORMAT);
            return null;
        }
        INDArray name = entry(saved, "meta.model", 1, DataType.INT32, problems);
        if (name != null) {
            int[] codePoints = name.isEmpty() ? new int[0] : name.toIntVector();
            String saidModel = Arrays.stream(codePoints).allMatch(Character::isValidCodePoint)
                    ? new String(codePoints, 0, codePoints.length) : "(not a name)";
            if (!saidModel.equals(model)) {
                problems.add("meta.model: checkpoint is of model " + saidModel + ", the network is " + model);
            }
        }
        INDArray epoch = entry(saved, "meta.epoch", 0, DataType.INT64, problems);
        if (epoch != null && (epoch.getLong(0) < 0 || epoch.getLong(0) > Integer.MAX_VALUE)) {
            problems.add("meta.epoch: must be in [0, " + Integer.MAX_VALUE + "], but is " + epoch.getLong(0));
        }
        INDArray step = entry(saved, "meta.step", 0, DataType.INT64, problems);
        if (step != null && step.getLong(0) < 0) {
            problems.add("meta.step: must be ≥ 0, but is " + step.getLong(0));
        }
        INDArray rng = entry(saved, "meta.rng_state", 1, DataType.INT64, problems);
        if (problems.size() > before) {
            return null;
        }
        return new TrainingState((int) epoch.getLong(0), step.getLong(0), rng.isEmpty() ? new long[0] : rng.toLongVector());
    }

    private static INDArray entry(Map<String, INDArray> saved, String name, int rank, DataType type, List<String> problems) {
        INDArray a = saved.get(name);
        if (a == null) {
            problems.add(name + ": missing from the checkpoint");
        } else if (a.rank() != rank || a.dataType() != type) {
            problems.add(name + ": checkpoint has " + Shapes.describe(a) + ", expected a "
                    + (rank == 0 ? "0-d " : "1-d ") + type);
            return null;
        }
        return a;
    }
}
