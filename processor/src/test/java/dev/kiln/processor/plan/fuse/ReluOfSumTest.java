package dev.kiln.processor.plan.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.Op;
import dev.kiln.processor.plan.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The put-off shortcut pass folded into the residual ReLU's backward, and the cases left alone. */
class ReluOfSumTest {
    private static final Plan.Step PASS = new Plan.Step("backward of s.1's identity shortcut",
            "put off until the block's backward has written this gradient", List.of(pass("dS1Out", "dS0Out", true)));
    private static final Op NORM_BACKWARD = new Op(Kernel.BATCH_NORM, "bn", "backward", List.of(Arg.buffer("x", "lin"),
            Arg.buffer("dy", "dS0Out"), Arg.buffer("dx", "dLin"), Arg.flag("accumulate", false)));

    private static Op pass(String dy, String dx, boolean accumulate) {
        return new Op(Kernel.GRAD, null, "pass", List.of(Arg.buffer("dy", dy), Arg.buffer("dx", dx), Arg.flag("accumulate", accumulate)));
    }

    private static Op reluBackward(String y, String dy, String dx) {
        return new Op(Kernel.RELU, null, "backward", List.of(Arg.buffer("y", y), Arg.buffer("dy", dy), Arg.buffer("dx", dx),
                Arg.flag("accumulate", false)));
    }

    private static Plan.Step block(Op first) {
        return new Plan.Step("backward of s.0 (@Residual)", List.of(first, NORM_BACKWARD));
    }

    @Test
    void anAccumulatingPassBeforeAnInPlaceReluBecomesOneCall() {
        List<Plan.Step> fused = ReluOfSum.fuse(List.of(PASS), block(reluBackward("s0Out", "dS0Out", "dS0Out")));
        assertEquals(1, fused.size());
        assertEquals(new Op(Kernel.RELU, null, "backwardOfSum", List.of(Arg.buffer("y", "s0Out"), Arg.buffer("dyA", "dS0Out"),
                Arg.buffer("dyB", "dS1Out"), Arg.buffer("dx", "dS0Out"))), fused.get(0).ops().get(0));
        assertEquals(NORM_BACKWARD, fused.get(0).ops().get(1), "the rest of the step follows");
        assertEquals("backward of s.0 (@Residual); and backward of s.1's identity shortcut, added by the ReLU's backward",
                fused.get(0).comment());
    }

    @Test
    void otherwiseThePassesStayAsTheyAre() {
        Plan.Step reluIntoOther = block(reluBackward("s0Out", "dS0Out", "dX"));
        Plan.Step reluOfOther = block(reluBackward("s0Out", "dOther", "dOther"));
        Plan.Step notRelu = block(NORM_BACKWARD);
        Plan.Step firstWrite = new Plan.Step(PASS.comment(), PASS.reason(), List.of(pass("dS1Out", "dS0Out", false)));
        Plan.Step inPlace = block(reluBackward("s0Out", "dS0Out", "dS0Out"));
        for (Plan.Step step : List.of(reluIntoOther, reluOfOther, notRelu)) {
            assertEquals(List.of(PASS, step), ReluOfSum.fuse(List.of(PASS), step));
        }
        assertEquals(List.of(firstWrite, inPlace), ReluOfSum.fuse(List.of(firstWrite), inPlace), "a pass that writes first");
        assertEquals(List.of(PASS, PASS, inPlace), ReluOfSum.fuse(List.of(PASS, PASS), inPlace), "two passes");
        assertEquals(List.of(inPlace), ReluOfSum.fuse(List.of(), inPlace), "no pass");
    }
}
