package dev.kiln.processor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient buffer reuse, without javac: shared only when shapes agree and lives do not overlap. */
class GradientSlotsTest {
    private static final List<Integer> SHAPE = List.of(4, 8, 8);

    @Test
    void disjointLivesOfOneShapeShareMemory() {
        List<Plan.Buffer> buffers = List.of(grad("dA", SHAPE), grad("dB", SHAPE), grad("dC", SHAPE));
        List<Plan.Call> calls = List.of(
                Plan.Call.of("k", "backward", "a.dA", "a.dB"),   // dA and dB live together
                Plan.Call.of("k", "backward", "a.dB"),
                Plan.Call.of("k", "backward", "a.dC"));         // dC starts after dA's last use
        List<Plan.Buffer> shared = GradientSlots.share(buffers, calls, List.of());
        assertNull(shared.get(0).aliasOf());
        assertNull(shared.get(1).aliasOf(), "dB overlaps dA");
        assertEquals("dA", shared.get(2).aliasOf());
    }

    @Test
    void differentShapesNeverShare() {
        List<Plan.Buffer> buffers = List.of(grad("dA", SHAPE), grad("dB", List.of(4, 4, 4)));
        List<Plan.Call> calls = List.of(Plan.Call.of("k", "f", "a.dA"), Plan.Call.of("k", "f", "a.dB"));
        assertNull(GradientSlots.share(buffers, calls, List.of()).get(1).aliasOf());
    }

    @Test
    void theLossGradientLivesFromBeforeBackward() {
        List<Plan.Buffer> buffers = List.of(grad("dLogits", SHAPE), grad("dX", SHAPE));
        List<Plan.Call> calls = List.of(Plan.Call.of("k", "f", "a.dX"), Plan.Call.of("k", "f", "a.dLogits"));
        assertNull(GradientSlots.share(buffers, calls, List.of("dLogits")).get(1).aliasOf());
    }

    @Test
    void activationsAndViewsAreLeftAlone() {
        List<Plan.Buffer> buffers = List.of(grad("dA", SHAPE), new Plan.Buffer("x", SHAPE, false, null),
                new Plan.Buffer("dV", SHAPE, true, "dA"));
        List<Plan.Call> calls = List.of(Plan.Call.of("k", "f", "a.dA"), Plan.Call.of("k", "f", "a.x"), Plan.Call.of("k", "f", "a.dV"));
        List<Plan.Buffer> shared = GradientSlots.share(buffers, calls, List.of());
        assertNull(shared.get(1).aliasOf());
        assertNull(shared.get(2).aliasOf());
    }

    private static Plan.Buffer grad(String field, List<Integer> shape) {
        return new Plan.Buffer(field, shape, true, null);
    }
}
