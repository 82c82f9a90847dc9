package dev.kiln.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.io.TrainingState;
import dev.kiln.samples.SampleModel;
import dev.kiln.samples.cli.KilnCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./kiln train --spark}: the files of a single-machine run (CSV, checkpoint, confusion
 * matrix), and a run that moves between Spark and one machine through its checkpoint, both ways.
 */
class SparkTrainCommandTest {
    @Test
    void sparkRunResumesOnOneMachineAndTheOtherWayRound(@TempDir Path dir) throws Exception {
        Path data = KilnCli.writeData(dir.resolve("data"), 64, 32);
        Path a = dir.resolve("a");
        String out = KilnCli.run(0, "train", "--spark", "local[2]", "--epochs", "1", "--batch", "16", "--data", data.toString(),
                "--out", a.toString(), "--json");
        assertTrue(out.contains("on Spark local[2,4]: 2 workers, batch 8 each"), out);
        assertEquals(1, KilnCli.number(KilnCli.lastLine(out), "epochs"));
        assertEquals(new TrainingState(1, 4, new long[] {42}), state(a), "64 images, batch 8 on each of 2 workers: 4 rounds");
        assertTrue(Files.exists(a.resolve("confusion.csv")));

        KilnCli.run(0, "train", "--resume", a.resolve("checkpoint.npz").toString(), "--epochs", "2", "--batch", "16",
                "--data", data.toString(), "--out", a.toString());
        assertEquals(2, state(a).epoch());
        assertEquals(8, state(a).step(), "one machine: 4 batches of 16");
        assertEquals(3, Files.readAllLines(a.resolve("metrics.csv")).size(), "header and two epochs");

        Path b = dir.resolve("b");
        KilnCli.run(0, "train", "--epochs", "1", "--batch", "16", "--data", data.toString(), "--out", b.toString());
        KilnCli.run(0, "train", "--spark", "local[2]", "--resume", b.resolve("checkpoint.npz").toString(), "--epochs", "2",
                "--batch", "16", "--data", data.toString(), "--out", b.toString());
        assertEquals(new TrainingState(2, 8, new long[] {42}), state(b));
        List<String> rows = Files.readAllLines(b.resolve("metrics.csv"));
        assertEquals(3, rows.size(), "header and two epochs: " + rows);
    }

    @Test
    void badSparkOptionsAreUsageErrors(@TempDir Path dir) throws Exception {
        Path data = KilnCli.writeData(dir.resolve("data"), 64, 32);
        String odd = KilnCli.run(1, "train", "--spark", "local[2]", "--batch", "15", "--data", data.toString(),
                "--out", dir.resolve("odd").toString());
        assertTrue(odd.contains("the batch 15 does not split evenly over 2 workers"), odd);
        String zero = KilnCli.run(2, "train", "--spark", "local[2]", "--sync-every", "0", "--data", data.toString());
        assertTrue(zero.contains("--sync-every must be ≥ 1"), zero);
        String alone = KilnCli.run(2, "train", "--sync-every", "4", "--data", data.toString());
        assertTrue(alone.contains("only apply with --spark"), alone);
        String skip = KilnCli.run(2, "train", "--spark", "local[2]", "--skip-non-finite", "3", "--data", data.toString());
        assertTrue(skip.contains("--skip-non-finite does not work with --spark"), skip);
        assertFalse(Files.exists(dir.resolve("odd").resolve("checkpoint.npz")), "nothing trained, nothing saved");
    }

    private static TrainingState state(Path out) throws Exception {
        Network net = SampleModel.LENET.create(0);
        return Checkpoint.load(out.resolve("checkpoint.npz"), net);
    }
}
