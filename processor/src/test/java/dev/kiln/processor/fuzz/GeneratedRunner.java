package dev.kiln.processor.fuzz;

import dev.kiln.processor.MemoryClassLoader;
import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.Parameter;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs what a clean compilation generated: loads the class files from memory, checks the
 * generated constants against each other and against the created network, and calls
 * {@code predict} on a random batch of the declared input shape.
 */
final class GeneratedRunner {
    static final int BATCH = 2;

    private GeneratedRunner() {}

    static Outcome run(Map<String, byte[]> classes, SourceSet sources, long seed, long budgetBytes) {
        List<String> networks = classes.keySet().stream()
                .filter(n -> n.startsWith("fixtures.Kiln") && !n.contains("$")).sorted().toList();
        if (networks.isEmpty()) {
            boolean declared = sources.names().stream()
                    .anyMatch(f -> new Layout(sources.text(f)).annotations.stream().anyMatch(a -> a.name().equals("Model")));
            return declared ? Outcome.of(Outcome.Type.SILENT_SUCCESS, "a @Model compiled cleanly but nothing was generated")
                    : Outcome.of(Outcome.Type.CLEAN_NO_MODEL, "no @Model left");
        }
        ClassLoader loader = new MemoryClassLoader(classes, GeneratedRunner.class.getClassLoader());
        Outcome last = null;
        for (String name : networks) {
            try {
                last = runOne(loader.loadClass(name), seed, budgetBytes);
            } catch (ReflectiveOperationException | LinkageError e) {
                return Outcome.of(Outcome.Type.BAD_GENERATED_CODE, name + " does not load: " + e);
            }
            if (last.type() != Outcome.Type.CLEAN_PREDICT_OK) {
                return last;
            }
        }
        return last;
    }

    private static Outcome runOne(Class<?> k, long seed, long budgetBytes) throws ReflectiveOperationException {
        long params = k.getField("PARAMETERS").getLong(null);
        long state = k.getField("STATE").getLong(null);
        long fixed = k.getField("FIXED_ELEMENTS").getLong(null);
        long perExample = k.getField("ELEMENTS_PER_EXAMPLE").getLong(null);
        long macs = k.getField("MULTIPLY_ACCUMULATES").getLong(null);
        String constants = k.getSimpleName() + ": PARAMETERS " + params + ", STATE " + state + ", FIXED_ELEMENTS " + fixed
                + ", ELEMENTS_PER_EXAMPLE " + perExample + ", MULTIPLY_ACCUMULATES " + macs;
        if (params < 0 || state < 0 || macs < 0 || perExample < 1 || fixed < params + state || fixed > 2 * params + state) {
            return Outcome.of(Outcome.Type.BAD_GENERATED_CODE, "inconsistent constants: " + constants);
        }
        double bytes = 4.0 * ((double) fixed + (double) perExample * BATCH);
        if (bytes > budgetBytes) {
            return Outcome.of(Outcome.Type.CLEAN_TOO_LARGE_TO_RUN, String.format("%.3g bytes at batch %d; %s", bytes, BATCH, constants));
        }
        try {
            Network net = (Network) k.getMethod("create", long.class).invoke(null, seed);
            long created = net.parameters().stream().map(Parameter::value).mapToLong(INDArray::length).sum();
            long createdState = net.state().values().stream().mapToLong(INDArray::length).sum();
            if (created != params || createdState != state) {
                return Outcome.of(Outcome.Type.BAD_GENERATED_CODE, "created " + created + " parameters and " + createdState
                        + " state values; " + constants);
            }
            INDArray x = randomInput(net.inputShape(), seed);
            INDArray y = net.predict(x);
            long[] expected = {BATCH, net.classes()};
            if (!Arrays.equals(y.shape(), expected) || !allFinite(y)) {
                return Outcome.of(Outcome.Type.PREDICT_FAILED, "predict gave " + Arrays.toString(y.shape()) + " " + y.dataType()
                        + (allFinite(y) ? "" : " with non-finite values") + ", expected " + Arrays.toString(expected));
            }
            return Outcome.of(Outcome.Type.CLEAN_PREDICT_OK, Arrays.toString(x.shape()) + " → " + Arrays.toString(y.shape()));
        } catch (InvocationTargetException e) {
            return Outcome.of(Outcome.Type.PREDICT_FAILED, "create threw " + e.getCause());
        } catch (RuntimeException | OutOfMemoryError e) {
            return Outcome.of(Outcome.Type.PREDICT_FAILED, "predict threw " + e);
        }
    }

    private static INDArray randomInput(long[] exampleShape, long seed) {
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = BATCH;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return Nd4j.create(values, shape, 'c');
    }

    private static boolean allFinite(INDArray y) {
        return Arrays.stream(y.castTo(DataType.DOUBLE).data().asDouble()).allMatch(Double::isFinite);
    }
}
