package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.Sgd;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The same declaration compiled channels last (the planner's choice) and with
 * {@code -Akiln.layout=nchw}: from the same seed both give the same predictions, losses,
 * activations ({@code outputs()}, NCHW in both) and layer-method results, to float rounding,
 * through several training steps. A bad option value is an error on the model.
 */
class LayoutEquivalenceTest {
    /** Three input channels, so that the layout change at the input is a real transpose. */
    private static final JavaFileObject MODEL = JavaFileObjects.forSourceLines("fixtures.ColourNet",
            "package fixtures;",
            "",
            "import dev.kiln.dsl.*;",
            "import org.nd4j.linalg.api.ndarray.INDArray;",
            "",
            "@Model(input = @Input(channels = 3, height = 8, width = 8))",
            "public interface ColourNet {",
            "    @Conv(filters = 4, kernel = 3) @BatchNorm @Relu",
            "    INDArray stem(INDArray input);",
            "",
            "    @Residual(block = BasicBlock.class, filters = 4)",
            "    INDArray stage1(INDArray stem);",
            "",
            "    @Residual(block = BasicBlock.class, filters = 8, stride = 2)",
            "    INDArray stage2(INDArray stage1);",
            "",
            "    @Pool(type = PoolType.AVG, global = true)",
            "    INDArray pooled(INDArray stage2);",
            "",
            "    @Dense(units = 5)",
            "    INDArray logits(INDArray pooled);",
            "}");

    @Test
    void bothLayoutsComputeTheSameNetwork() throws Exception {
        Network last = create(compile(), 11);
        Network first = create(compile("-Akiln.layout=nchw"), 11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 3, 8, 8).subi(0.5);
        INDArray labels = Nd4j.createFromArray(0, 1, 2, 3, 4, 0);
        assertClose(first.predict(x), last.predict(x), 1e-5, "predictions before training");
        Sgd a = new Sgd(0.05, 0.9, true, 0);
        Sgd b = new Sgd(0.05, 0.9, true, 0);
        for (int step = 0; step < 5; step++) {
            double lossFirst = first.trainStep(x, labels, a);
            double lossLast = last.trainStep(x, labels, b);
            assertEquals(lossFirst, lossLast, 1e-4 * Math.max(1, Math.abs(lossFirst)), "loss at step " + step);
        }
        assertClose(first.predict(x), last.predict(x), 1e-4, "predictions after 5 steps");
        // outputs() after a training forward, which writes every step's output (inference folds a
        // channels-last convolution's batch norm into it and leaves its /linear output unwritten)
        first.trainStep(x, labels, a);
        last.trainStep(x, labels, b);
        Map<String, INDArray> outFirst = first.outputs();
        Map<String, INDArray> outLast = last.outputs();
        assertEquals(List.copyOf(outFirst.keySet()), List.copyOf(outLast.keySet()), "outputs() names");
        for (String name : outFirst.keySet()) {
            assertArrayEquals(outFirst.get(name).shape(), outLast.get(name).shape(), name + " shape");
            assertClose(outFirst.get(name), outLast.get(name), 1e-4, "outputs() " + name);
        }
        INDArray stem = (INDArray) first.getClass().getMethod("stem", INDArray.class).invoke(first, x);
        INDArray stemLast = (INDArray) last.getClass().getMethod("stem", INDArray.class).invoke(last, x);
        assertArrayEquals(new long[] {6, 4, 8, 8}, stemLast.shape(), "a layer method returns NCHW");
        assertClose(stem, stemLast, 1e-4, "stem(x)");
        Object stage1 = last.getClass().getMethod("stage1", INDArray.class).invoke(last, stemLast);
        Object stage1First = first.getClass().getMethod("stage1", INDArray.class).invoke(first, stem);
        assertClose((INDArray) stage1First, (INDArray) stage1, 1e-4, "stage1(stem) from an NCHW argument");
    }

    @Test
    void theOptionDecidesWhatIsGenerated() {
        String auto = Fixtures.generatedSource(compile(), "fixtures.KilnColourNet");
        String nchw = Fixtures.generatedSource(compile("-Akiln.layout=nchw"), "fixtures.KilnColourNet");
        assertTrue(auto.contains("/* dilation= */ 1, /* channelsLast= */ true)") && auto.contains("stored channels last"),
                "channels last by default");
        assertFalse(nchw.contains("/* channelsLast= */ true") || nchw.contains("channels last") || nchw.contains("ChannelsLast"),
                "-Akiln.layout=nchw keeps everything NCHW");
        assertTrue(nchw.contains("/* dilation= */ 1, /* channelsLast= */ false);"), "NCHW convolutions");
    }

    @Test
    void anUnknownLayoutIsAnErrorOnTheModel() {
        Compilation c = javac().withProcessors(new KilnProcessor()).withOptions("-Akiln.layout=nhwc")
                .compile(MODEL, Fixtures.source("valid/BasicBlock.java"));
        Fixtures.assertOnlyError(c, "InvalidOption", MODEL, "public interface ColourNet",
                "ColourNet: processor option kiln.layout must be auto or nchw, but is 'nhwc'; fix or remove -Akiln.layout.");
    }

    private static Compilation compile(String... options) {
        Compilation c = javac().withProcessors(new KilnProcessor()).withOptions((Object[]) options)
                .compile(MODEL, Fixtures.source("valid/BasicBlock.java"));
        assertThat(c).succeededWithoutWarnings();
        return c;
    }

    private static Network create(Compilation c, long seed) throws Exception {
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject f : c.generatedFiles()) {
            if (f.getKind() == JavaFileObject.Kind.CLASS) {
                String path = f.toUri().getPath();
                String name = path.substring(path.indexOf("fixtures/"), path.length() - ".class".length()).replace('/', '.');
                try (InputStream in = f.openInputStream()) {
                    classes.put(name, in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        ClassLoader loader = new MemoryClassLoader(classes, LayoutEquivalenceTest.class.getClassLoader());
        return (Network) loader.loadClass("fixtures.KilnColourNet").getMethod("create", long.class).invoke(null, seed);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        INDArray e = expected.castTo(DataType.DOUBLE).dup('c');
        INDArray a = actual.castTo(DataType.DOUBLE).dup('c');
        double scale = Math.max(1, e.amaxNumber().doubleValue());
        double worst = e.sub(a).amaxNumber().doubleValue();
        assertTrue(worst <= tolerance * scale, what + ": the layouts differ by " + worst + " (tolerance " + tolerance * scale + ")");
    }
}
