package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Medians over runs, and Kiln's ratios taken against the Kiln runs around each peer, on made-up figures. */
class RoundsTest {
    private static BenchResult result(String system, double trainMs, double inferMs, long peak) {
        return new BenchResult("resnet20", 100, system, trainMs, inferMs, peak, 10, -1, -1, system + " note");
    }

    /** One process's results. */
    private static List<BenchResult> process(BenchResult... rs) {
        return List.of(rs);
    }

    @SafeVarargs
    private static List<List<BenchResult>> round(List<BenchResult>... processes) {
        return List.of(processes);
    }

    @Test
    void aPeerIsComparedWithTheMeanOfTheKilnRunsAroundIt() {
        // The machine slows steadily through round 1 (Kiln 50 ms before PyTorch, 70 after): against
        // their mean, 60, PyTorch's 120 is exactly 2x. Round 2 is three times slower for everyone.
        Rounds rounds = new Rounds(List.of(
                round(process(result("kiln", 50, 10, 500)), process(result("pytorch", 120, 24, 400)),
                        process(result("kiln", 70, 14, 510))),
                round(process(result("kiln", 150, 30, 520)), process(result("pytorch", 300, 60, 410)),
                        process(result("kiln", 150, 30, 505)))));
        Rounds.Ratio train = rounds.kilnOver("pytorch", true);
        assertEquals(2.0, train.median(), 1e-12);
        assertEquals(2.0, train.low(), 1e-12);
        assertEquals(2.0, train.high(), 1e-12);
        assertEquals(2, train.rounds());
        assertEquals(2.0, rounds.kilnOver("pytorch", false).median(), 1e-12);
        Map<String, BenchResult> merged = rounds.merged();
        assertEquals(List.of("kiln", "pytorch"), List.copyOf(merged.keySet()));
        assertEquals(110, merged.get("kiln").trainMs(), 1e-12, "the median of Kiln's four runs");
        assertEquals(520, merged.get("kiln").peakRssBytes(), "peak memory: the highest of the runs");
        assertEquals(210, merged.get("pytorch").trainMs(), 1e-12);
    }

    @Test
    void figuresFromKilnsOwnProcessAreComparedWithThatProcess() {
        Rounds rounds = new Rounds(List.of(round(
                process(result("kiln", 100, 20, 500), result("conv-limit", 50, 10, -1)),
                process(result("pytorch", 300, 60, 400)),
                process(result("kiln", 200, 40, 500), result("conv-limit", 80, 20, -1)))));
        Rounds.Ratio limit = rounds.kilnOver("conv-limit", true);
        assertEquals(2, limit.rounds());
        assertEquals(0.45, limit.median(), 1e-12, "the median of 0.5 and 0.4");
        assertEquals(2.0, rounds.kilnOver("pytorch", true).median(), 1e-12, "300 against the mean of 100 and 200");
    }

    @Test
    void aSystemMissingFromARoundCountsOnlyWhereItRan() {
        Rounds rounds = new Rounds(List.of(
                round(process(result("kiln", 50, 10, 500)), process(result("dl4j", 200, 40, 900))),
                round(process(result("kiln", 100, 20, 500)), process())));
        assertEquals(1, rounds.kilnOver("dl4j", true).rounds());
        assertEquals(4.0, rounds.kilnOver("dl4j", true).median(), 1e-12, "a Kiln run on one side only");
        assertEquals(75, rounds.merged().get("kiln").trainMs(), 1e-12);
        assertNull(rounds.kilnOver("pytorch", true));
    }

    @Test
    void kilnRunsBeforeAndAfterEveryPeer() {
        assertEquals(List.of("kiln", "dl4j-helpers", "kiln", "pytorch", "kiln"),
                Benchmark.order(List.of("kiln", "dl4j-helpers", "pytorch")));
        assertEquals(List.of("kiln"), Benchmark.order(List.of("kiln")));
        assertEquals(List.of("pytorch"), Benchmark.order(List.of("pytorch")));
    }
}
