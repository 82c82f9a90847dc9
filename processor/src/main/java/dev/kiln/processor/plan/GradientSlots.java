package dev.kiln.processor.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Buffer reuse for gradients: a gradient buffer lives from the backward call that first
 * touches it to the last call that reads it. Buffers of one shape whose lives do not overlap
 * share memory; each keeps its own name in the generated code, as an alias of the first.
 */
final class GradientSlots {
    private GradientSlots() {}

    /**
     * The buffers with {@code aliasOf} set where memory is shared.
     *
     * @param backwardOrder every backward call in execution order
     * @param touchedByLoss gradient fields the loss writes before backward starts
     */
    static List<Plan.Buffer> share(List<Plan.Buffer> buffers, List<Op> backwardOrder, List<String> touchedByLoss) {
        Map<String, int[]> life = new HashMap<>();
        for (String g : touchedByLoss) {
            life.put(g, new int[] {-1, -1});
        }
        for (int i = 0; i < backwardOrder.size(); i++) {
            for (String field : backwardOrder.get(i).buffers()) {
                int[] span = life.computeIfAbsent(field, k -> new int[] {Integer.MAX_VALUE, -1});
                span[0] = Math.min(span[0], i);
                span[1] = Math.max(span[1], i);
            }
        }
        Map<String, List<String>> slots = new HashMap<>();
        List<Plan.Buffer> out = new ArrayList<>();
        for (Plan.Buffer b : buffers) {
            int[] span = life.get(b.field());
            if (!b.gradient() || b.viewOf() != null || span == null) {
                out.add(b);
                continue;
            }
            String owner = null;
            for (Map.Entry<String, List<String>> slot : slots.entrySet()) {
                String first = slot.getKey();
                if (byField(out, first).shape().equals(b.shape())
                        && slot.getValue().stream().noneMatch(m -> overlaps(life.get(m), span))) {
                    if (owner == null || first.compareTo(owner) < 0) {
                        owner = first;
                    }
                }
            }
            if (owner == null) {
                slots.put(b.field(), new ArrayList<>(List.of(b.field())));
                out.add(b);
            } else {
                slots.get(owner).add(b.field());
                out.add(new Plan.Buffer(b.field(), b.shape(), true, null, owner));
            }
        }
        return out;
    }

    private static boolean overlaps(int[] a, int[] b) {
        return a[0] <= b[1] && b[0] <= a[1];
    }

    private static Plan.Buffer byField(List<Plan.Buffer> buffers, String field) {
        return buffers.stream().filter(x -> x.field().equals(field)).findFirst().orElseThrow();
    }
}
