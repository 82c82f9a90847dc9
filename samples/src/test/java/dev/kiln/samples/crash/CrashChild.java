package dev.kiln.samples.crash;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.io.TrainingState;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.samples.models.KilnResNet20;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The process {@link CrashSafetyTest} kills: trains ResNet-20 on batches that depend only on
 * the step number, saves a checkpoint after every step and appends the step's loss to
 * {@code losses.txt}. Started again, it resumes from the checkpoint. Usage:
 * {@code CrashChild DIR STEPS}.
 */
public final class CrashChild {
    static final int BATCH = 4;
    static final long SEED = 17;

    private CrashChild() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long steps = Long.parseLong(args[1]);
        Path checkpoint = dir.resolve("checkpoint.npz");
        Network net = KilnResNet20.create(SEED);
        Sgd sgd = optimizer();
        long step = 0;
        if (Files.exists(checkpoint)) {
            step = Checkpoint.load(checkpoint, net, sgd).step();
        }
        System.out.println("resumed " + step);
        while (step < steps) {
            double loss = train(net, sgd, step);
            step++;
            System.out.println("saving " + step);
            Checkpoint.save(checkpoint, net, sgd, new TrainingState(0, step, new long[] {SEED}));
            Files.writeString(dir.resolve("losses.txt"), String.format(Locale.ROOT, "%d %.9f%n", step, loss),
                    StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.out.println("saved " + step);
        }
        System.out.println("done " + step);
    }

    static Sgd optimizer() {
        return new Sgd(0.05, 0.9, true, 1e-4);
    }

    /** One training step on the batch of step {@code step} (counted from 0); returns its loss. */
    static double train(Network net, Sgd sgd, long step) {
        SplittableRandom r = new SplittableRandom(SEED * 1_000_003L + step);
        INDArray x = Nd4j.create(DataType.FLOAT, BATCH, 1, 28, 28);
        for (long i = 0; i < x.length(); i++) {
            x.putScalar(i, (float) r.nextGaussian());
        }
        INDArray y = Nd4j.create(DataType.FLOAT, BATCH);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, r.nextInt(10));
        }
        return net.trainStep(x, y, sgd);
    }
}
