package dev.kiln.samples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Medians over rounds, and Kiln's ratios taken round by round, on made-up figures. */
class RoundsTest {
    private static BenchResult result(String system, double trainMs, double inferMs, long peak) {
        return new BenchResult("resnet20", 100, system, trainMs, inferMs, peak, 10, -1, -1, system + " note");
    }

    private static Map<String, BenchResult> round(BenchResult... rs) {
        Map<String, BenchResult> m = new LinkedHashMap<>();
        for (BenchResult r : rs) {
            m.put(r.system(), r);
        }
        return m;
    }

    @Test
    void figuresAreMediansAndRatiosComeRoundByRound() {
        // The machine is three times slower in round 2 for both systems alike; the rounds' ratios
        // are 2, 2 and 2.5, so their median is 2.
        Rounds rounds = new Rounds(List.of(
                round(result("kiln", 50, 10, 500), result("pytorch", 100, 20, 400)),
                round(result("kiln", 150, 30, 520), result("pytorch", 300, 60, 410)),
                round(result("kiln", 60, 12, 510), result("pytorch", 150, 24, 390))));
        Map<String, BenchResult> merged = rounds.merged();
        assertEquals(List.of("kiln", "pytorch"), List.copyOf(merged.keySet()));
        assertEquals(60, merged.get("kiln").trainMs());
        assertEquals(12, merged.get("kiln").inferMs());
        assertEquals(520, merged.get("kiln").peakRssBytes(), "peak memory: the highest of the rounds");
        assertEquals(150, merged.get("pytorch").trainMs());
        Rounds.Ratio train = rounds.kilnOver("pytorch", true);
        assertEquals(2.0, train.median(), 1e-12);
        assertEquals(2.0, train.low(), 1e-12);
        assertEquals(2.5, train.high(), 1e-12);
        assertEquals(3, train.rounds());
        assertEquals(2.0, rounds.kilnOver("pytorch", false).median(), 1e-12);
    }

    @Test
    void aSystemMissingFromARoundCountsOnlyWhereItRan() {
        Rounds rounds = new Rounds(List.of(
                round(result("kiln", 50, 10, 500), result("dl4j", 200, 40, 900)),
                round(result("kiln", 100, 20, 500))));
        assertEquals(1, rounds.kilnOver("dl4j", true).rounds());
        assertEquals(4.0, rounds.kilnOver("dl4j", true).median(), 1e-12);
        assertEquals(75, rounds.merged().get("kiln").trainMs(), 1e-12);
        assertNull(rounds.kilnOver("pytorch", true));
    }
}
