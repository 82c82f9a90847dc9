package dev.kiln.processor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The put-off shortcut pass folded into the residual ReLU's backward, and the cases left alone. */
class ReluOfSumTest {
    private static final Plan.Step PASS = new Plan.Step("backward of s.1's identity shortcut, put off until the block's "
            + "backward has written this gradient", List.of(Plan.Call.of("Grad", "pass", "a.dS1Out", "a.dS0Out", "true")));

    private static Plan.Step block(Plan.Call first) {
        return new Plan.Step("backward of s.0 (@Residual)", List.of(first,
                Plan.Call.of("bn", "backward", "a.lin", "g", "a.dS0Out", "a.dLin", "false", "dg", "db")));
    }

    @Test
    void anAccumulatingPassBeforeAnInPlaceReluBecomesOneCall() {
        List<Plan.Step> fused = ReluOfSum.fuse(List.of(PASS),
                block(Plan.Call.of("Relu", "backward", "a.s0Out", "a.dS0Out", "a.dS0Out", "false")));
        assertEquals(1, fused.size());
        assertEquals(Plan.Call.of("Relu", "backwardOfSum", "a.s0Out", "a.dS0Out", "a.dS1Out", "a.dS0Out"),
                fused.get(0).calls().get(0));
        assertEquals("bn", fused.get(0).calls().get(1).target(), "the rest of the step follows");
        assertEquals("backward of s.0 (@Residual); and backward of s.1's identity shortcut, added by the ReLU's backward",
                fused.get(0).comment());
    }

    @Test
    void otherwiseThePassesStayAsTheyAre() {
        Plan.Step reluIntoOther = block(Plan.Call.of("Relu", "backward", "a.s0Out", "a.dS0Out", "a.dX", "false"));
        Plan.Step reluOfOther = block(Plan.Call.of("Relu", "backward", "a.s0Out", "a.dOther", "a.dOther", "false"));
        Plan.Step notRelu = block(Plan.Call.of("bn", "backward", "a.lin", "g", "a.s0Out", "a.dS0Out", "a.dLin", "false", "dg", "db"));
        Plan.Step firstWrite = new Plan.Step(PASS.comment(), List.of(Plan.Call.of("Grad", "pass", "a.dS1Out", "a.dS0Out", "false")));
        Plan.Step inPlace = block(Plan.Call.of("Relu", "backward", "a.s0Out", "a.dS0Out", "a.dS0Out", "false"));
        for (Plan.Step step : List.of(reluIntoOther, reluOfOther, notRelu)) {
            assertEquals(List.of(PASS, step), ReluOfSum.fuse(List.of(PASS), step));
        }
        assertEquals(List.of(firstWrite, inPlace), ReluOfSum.fuse(List.of(firstWrite), inPlace), "a pass that writes first");
        assertEquals(List.of(PASS, PASS, inPlace), ReluOfSum.fuse(List.of(PASS, PASS), inPlace), "two passes");
        assertEquals(List.of(inPlace), ReluOfSum.fuse(List.of(), inPlace), "no pass");
    }
}
