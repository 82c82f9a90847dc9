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
        List<Op> calls = List.of(
                call("dA", "dB"),   // dA and dB live together
                call("dB"),
                call("dC"));         // dC starts after dA's last use
        List<Plan.Buffer> shared = GradientSlots.share(buffers, calls, List.of());
        assertNull(shared.get(0).aliasOf());
        assertNull(shared.get(1).aliasOf(), "dB overlaps dA");
        assertEquals("dA", shared.get(2).aliasOf());
    }

    @Test
    void differentShapesNeverShare() {
        List<Plan.Buffer> buffers = List.of(grad("dA", SHAPE), grad("dB", List.of(4, 4, 4)));
        List<Op> calls = List.of(call("dA"), call("dB"));
        assertNull(GradientSlots.share(buffers, calls, List.of()).get(1).aliasOf());
    }

    @Test
    void theLossGradientLivesFromBeforeBackward() {
        List<Plan.Buffer> buffers = List.of(grad("dLogits", SHAPE), grad("dX", SHAPE));
        List<Op> calls = List.of(call("dX"), call("dLogits"));
        assertNull(GradientSlots.share(buffers, calls, List.of("dLogits")).get(1).aliasOf());
    }

    @Test
    void activationsAndViewsAreLeftAlone() {
        List<Plan.Buffer> buffers = List.of(grad("dA", SHAPE), new Plan.Buffer("x", SHAPE, false, null),
                new Plan.Buffer("dV", SHAPE, true, "dA"));
        List<Op> calls = List.of(call("dA"), call("x"), call("dV"));
        List<Plan.Buffer> shared = GradientSlots.share(buffers, calls, List.of());
        assertNull(shared.get(1).aliasOf());
        assertNull(shared.get(2).aliasOf());
    }

    /** A backward call reading and writing {@code fields}. */
    private static Op call(String... fields) {
        return new Op(Kernel.GRAD, null, "pass", java.util.Arrays.stream(fields).map(f -> (Arg) Arg.buffer(f, f)).toList());
    }

    private static Plan.Buffer grad(String field, List<Integer> shape) {
        return new Plan.Buffer(field, shape, true, null);
    }
}
