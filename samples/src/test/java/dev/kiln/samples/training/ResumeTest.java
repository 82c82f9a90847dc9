package dev.kiln.samples.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.runtime.data.BatchLoader;
import dev.kiln.runtime.data.BatchOptions;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.io.TrainingState;
import dev.kiln.runtime.train.CosineSchedule;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingListener;
import dev.kiln.samples.models.KilnLeNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming from a checkpoint continues the run: the losses after resuming equal those of an
 * uninterrupted run with the same seed, step for step (LeNet with dropout, augmentation on,
 * SGD with momentum, a cosine schedule).
 */
public class ResumeTest {
    private static final int EPOCHS = 3;

    @Test
    void lossesAfterResumingMatchAnUninterruptedRun(@TempDir Path dir) throws IOException {
        Dataset train = TinyData.dataset("train", 96, 1);
        Dataset test = TinyData.dataset("test", 32, 2);
        List<Double> straight = run(train, test, 1, null, null);

        Path checkpoint = dir.resolve("checkpoint.npz");
        run(train, test, 1, EPOCHS - 1, checkpoint);
        List<Double> resumed = run(train, test, EPOCHS, null, checkpoint);

        List<Double> lastEpoch = straight.subList(straight.size() - resumed.size(), straight.size());
        System.out.println("losses of epoch " + EPOCHS + ", uninterrupted: " + lastEpoch + "; resumed: " + resumed);
        assertEquals(lastEpoch.size(), resumed.size());
        for (int i = 0; i < resumed.size(); i++) {
            assertEquals(lastEpoch.get(i), resumed.get(i), 1e-5, "step " + i + " of the resumed epoch");
        }
    }

    /** Trains from epoch {@code first}; saves after {@code stopAfter} epochs, or resumes from {@code checkpoint} when starting later. */
    private static List<Double> run(Dataset train, Dataset test, int first, Integer stopAfter, Path checkpoint) throws IOException {
        KilnLeNet net = KilnLeNet.create(7);
        Optimizer sgd = new Sgd(0.05, 0.9, true, 5e-4);
        int last = stopAfter == null ? EPOCHS : stopAfter;
        Trainer trainer = new Trainer(net, sgd, new CosineSchedule(0.05, 0, EPOCHS), new Trainer.Config(last, 0.1, 0, 0, 11));
        if (first > 1) {
            TrainingState s = Checkpoint.load(checkpoint, net, sgd);
            assertEquals(first - 1, s.epoch());
            trainer.resumeAt(s.step());
        }
        List<Double> losses = new ArrayList<>();
        trainer.listen(new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, long step, double loss, int correct, int size) {
                losses.add(loss);
            }
        });
        try (BatchLoader trainLoader = new BatchLoader(train, BatchOptions.training(32, 3, train));
             BatchLoader testLoader = new BatchLoader(test, BatchOptions.evaluation(32, dev.kiln.runtime.data.Normalization.of(train)))) {
            List<EpochResult> results = trainer.fit(new LoaderSource(trainLoader, train.size()),
                    new LoaderSource(testLoader, test.size()), first);
            if (stopAfter != null) {
                EpochResult r = results.get(results.size() - 1);
                Checkpoint.save(checkpoint, net, sgd, new TrainingState(r.epoch(), r.step(), new long[] {11}));
            }
        }
        return losses;
    }

    /** Small random image sets with a learnable signal: the class brightens one band of rows. */
    public static final class TinyData {
        public static Dataset dataset(String name, int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            byte[] pixels = new byte[n * 28 * 28];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = r.nextInt(10);
                for (int p = 0; p < 28 * 28; p++) {
                    int row = p / 28;
                    int base = row / 3 == labels[i] ? 180 : 40;
                    pixels[i * 784 + p] = (byte) Math.min(255, base + r.nextInt(60));
                }
            }
            return Dataset.of(name, pixels, labels, 1, 28, 28, 10);
        }
    }
}
