package dev.kiln.samples.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.samples.SampleModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plain-N is ResNet-N without its shortcuts and nothing else (He et al. 2015, §4.2): the layer
 * tables the processor computed are equal row for row once the residual net's additions and
 * shortcut projections are taken out and each addition's ReLU is put on the layer before it,
 * where {@code @Stack} applies it.
 */
class PlainTwinTablesTest {

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {20, 32, 44, 56, 110})
    void plainTableIsTheResidualTableWithoutAdditionsAndShortcuts(int depth) {
        List<String[]> residual = rows(SampleModel.valueOf("RESNET" + depth).summary());
        List<String[]> plain = rows(SampleModel.valueOf("PLAIN" + depth).summary());
        List<String[]> expected = new ArrayList<>();
        int additions = 0;
        for (String[] row : residual) {
            String name = row[0];
            String kind = row[1];
            if (name.endsWith(".shortcut")) {
                continue;
            }
            if (kind.startsWith("add")) {
                additions++;
                if (kind.startsWith("add +relu")) {
                    String[] last = expected.get(expected.size() - 1);
                    last[1] = last[1] + " +relu";
                }
                continue;
            }
            expected.add(row.clone());
        }
        assertEquals((depth - 2) / 2, additions, "ResNet-" + depth + "'s additions");
        assertEquals(expected.size(), plain.size(), "rows of Plain-" + depth);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(String.join(" | ", expected.get(i)), String.join(" | ", plain.get(i)), "row " + (i + 1) + " of Plain-" + depth);
        }
        long convs = plain.stream().filter(r -> r[1].startsWith("conv 3×3")).count();
        assertEquals(depth - 1, convs, "Plain-" + depth + "'s 3×3 convolutions");
        assertTrue(plain.stream().filter(r -> r[1].startsWith("conv")).allMatch(r -> r[1].endsWith("+bn +relu")),
                "every convolution of Plain-" + depth + " is followed by batch norm and ReLU");
    }

    /** The table's rows as [name, kind, output, params, MACs, FLOPs], between the dashes and the totals. */
    static List<String[]> rows(String summary) {
        List<String[]> rows = new ArrayList<>();
        boolean in = false;
        for (String line : summary.split("\n")) {
            if (line.startsWith("-----")) {
                in = true;
                continue;
            }
            if (!in || line.isBlank() || line.startsWith("trainable parameters")) {
                in = in && !line.startsWith("trainable parameters");
                continue;
            }
            String[] f = line.trim().split("\\s{2,}");
            rows.add(f);
        }
        return rows;
    }
}
