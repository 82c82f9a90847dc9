package dev.kiln.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.bench.MemorySoak;
import dev.kiln.samples.cli.KilnCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln soak} on a tiny data set: its readings, CSV, JSON and exit status (no memory figure is asserted). */
class SoakCommandTest {
    @Test
    void aShortSoakWritesEveryReadingAndJudgesAgainstTheTolerance(@TempDir Path dir) throws IOException {
        Path data = KilnCli.writeData(dir.resolve("data"));
        Path csv = dir.resolve("soak.csv");
        String out = KilnCli.run(0, "soak", "--model", "oneblock", "--batch", "8", "--steps", "12", "--warmup", "4",
                "--every", "4", "--tolerance", "10", "--data", data.toString(), "--csv", csv.toString(), "--json");
        List<String> rows = Files.readAllLines(csv);
        assertEquals("step,seconds,loss,resident_bytes,peak_resident_bytes,offheap_bytes,heap_used_bytes", rows.get(0));
        assertEquals(List.of("4", "8", "12"), rows.subList(1, rows.size()).stream().map(r -> r.split(",")[0]).toList());
        assertTrue(out.contains("kiln: memory flat within 1000.0 % after warm-up"), out);
        String json = KilnCli.lastLine(out);
        assertTrue(json.contains("\"steps\":12") && json.contains("\"warmup\":4") && json.contains("\"flat\":true"), json);
        assertTrue(KilnCli.number(json, "baseline_resident_bytes") > 0, json);
    }

    @Test
    void badOptionsAreUsageErrorsBeforeAnyDataIsRead(@TempDir Path dir) {
        String out = KilnCli.run(2, "soak", "--steps", "10", "--warmup", "10", "--data", dir.toString());
        assertTrue(out.contains("0 ≤ --warmup < --steps"), out);
    }

    @Test
    void driftIsTheLargestChangeFromTheBaseline() {
        assertEquals(0.05, MemorySoak.change(105, 100), 1e-12);
        assertEquals(0.05, MemorySoak.change(95, 100), 1e-12);
        assertEquals(0, MemorySoak.change(5, 0), 0);
    }
}
