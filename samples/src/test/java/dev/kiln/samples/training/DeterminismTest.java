package dev.kiln.samples.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.data.BatchLoader;
import dev.kiln.runtime.data.BatchOptions;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.train.CosineSchedule;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingListener;
import dev.kiln.samples.SampleModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Determinism: with the same seed (and the same thread count, classifier jar and batch size),
 * training gives the same loss at every step, in this JVM and in another process. The run
 * covers everything seeded: initialisation, shuffling, augmentation on the prefetch thread,
 * dropout (LeNet) and batch statistics (the one-block ResNet).
 */
public class DeterminismTest {
    private static final long SEED = 29;

    @Test
    void theSameSeedGivesTheSameLossCurveTwiceInOneJvm() {
        assertSameCurve(curve(SEED), curve(SEED));
    }

    @Test
    void theSameSeedGivesTheSameLossCurveInAnotherProcess() throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                Long.toString(SEED)).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(300, TimeUnit.SECONDS) && child.exitValue() == 0, out);
        List<Double> theirs = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("loss ")) {
                theirs.add(Double.parseDouble(line.substring(5)));
            }
        }
        assertSameCurve(curve(SEED), theirs);
    }

    @Test
    void anotherSeedGivesAnotherCurve() {
        List<Double> a = curve(SEED);
        List<Double> b = curve(SEED + 1);
        double most = 0;
        for (int i = 0; i < a.size(); i++) {
            most = Math.max(most, Math.abs(a.get(i) - b.get(i)));
        }
        assertTrue(most > 1e-3, "seeds " + SEED + " and " + (SEED + 1) + " gave curves within " + most);
    }

    private static void assertSameCurve(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size(), "steps");
        double most = 0;
        for (int i = 0; i < expected.size(); i++) {
            most = Math.max(most, Math.abs(expected.get(i) - actual.get(i)));
            assertEquals(expected.get(i), actual.get(i), 1e-6, "loss of step " + (i + 1));
        }
        System.out.printf(Locale.ROOT, "DeterminismTest: %d steps, largest loss difference %.3g%n", expected.size(), most);
    }

    /** The losses of two epochs of LeNet, then two of the one-block ResNet, on the same small data set. */
    static List<Double> curve(long seed) {
        Dataset train = ResumeTest.TinyData.dataset("train", 160, 1);
        Dataset test = ResumeTest.TinyData.dataset("test", 32, 2);
        List<Double> losses = new ArrayList<>();
        for (SampleModel model : List.of(SampleModel.LENET, SampleModel.ONEBLOCK)) {
            Network net = model.create(seed);
            Trainer trainer = new Trainer(net, new Sgd(0.05, 0.9, true, 5e-4), new CosineSchedule(0.05, 0, 2),
                    new Trainer.Config(2, 0.1, 0, 0, seed));
            trainer.listen(new TrainingListener() {
                @Override
                public void onBatch(int epoch, int batch, long step, double loss, int correct, int size) {
                    losses.add(loss);
                }
            });
            try (BatchLoader trainLoader = new BatchLoader(train, BatchOptions.training(32, seed, train));
                 BatchLoader testLoader = new BatchLoader(test, BatchOptions.evaluation(32, Normalization.of(train)))) {
                trainer.fit(new LoaderSource(trainLoader, train.size()), new LoaderSource(testLoader, test.size()), 1);
            }
        }
        return losses;
    }

    /** Prints {@link #curve} of the seed in {@code args[0]}, one {@code loss <value>} line per step. */
    public static final class Child {
        private Child() {}

        public static void main(String[] args) {
            for (double loss : curve(Long.parseLong(args[0]))) {
                System.out.printf(Locale.ROOT, "loss %.17g%n", loss);
            }
        }
    }
}
