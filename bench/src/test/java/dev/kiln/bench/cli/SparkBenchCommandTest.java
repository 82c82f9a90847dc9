package dev.kiln.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.samples.cli.KilnCli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln spark-bench} on a tiny data set: a row per system, with the rounds and state bytes each moves (no speed is asserted). */
class SparkBenchCommandTest {
    @Test
    void printsOneRowPerSystemWithRoundsAndBytes(@TempDir Path dir) throws Exception {
        Path data = KilnCli.writeData(dir.resolve("data"), 64, 32);
        String out = KilnCli.run(0, "spark-bench", "--model", "lenet", "--images", "64", "--batch", "16", "--rounds", "1",
                "--sync-every", "1,2", "--data", data.toString());
        List<String> rows = out.lines().filter(l -> l.startsWith("one process") || l.startsWith("spark ")).toList();
        assertEquals(3, rows.size(), out);
        // 64 images, batch 8 on each of two workers: 4 steps; K = 2 halves the rounds
        assertTrue(rows.get(1).matches("spark local\\[2,4] +1 .* 4 .*"), rows.get(1));
        assertTrue(rows.get(2).matches("spark local\\[2,4] +2 .* 2 .*"), rows.get(2));
        // LeNet's 843,669 values of state, 8 bytes each, to and from each of 2 workers
        assertTrue(rows.get(2).contains(" 27.0 "), rows.get(2));
    }
}
