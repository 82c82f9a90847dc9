package dev.kiln.processor.plan.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.Op;
import dev.kiln.processor.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A block's last plain batch norm moved into the residual add, and the steps it leaves alone. */
class NormIntoAddTest {
    private static final Op CONV = new Op(Kernel.CONV2D, "conv2", "forward", List.of(Arg.buffer("x", "conv1Out"),
            new Arg.Tensor("w", Arg.Holder.PARAMS, "conv2Weight"), new Arg.Absent("b"), Arg.buffer("y", "conv2Lin")));

    private static Op norm(String y, Arg... extra) {
        List<Arg> args = new ArrayList<>(List.of(new Arg.Mode(), Arg.buffer("x", "conv2Lin"),
                new Arg.Tensor("gamma", Arg.Holder.PARAMS, "g"), new Arg.Tensor("beta", Arg.Holder.PARAMS, "b"),
                new Arg.Tensor("runningMean", Arg.Holder.STATE, "m"), new Arg.Tensor("runningVar", Arg.Holder.STATE, "v"),
                Arg.buffer("y", y)));
        args.addAll(List.of(extra));
        return new Op(Kernel.BATCH_NORM, "bn2", "forward", args);
    }

    @Test
    void aPlainLastNormWritingTheBlockIsTakenAndGetsTheAdd() {
        Plan.Step step = new Plan.Step("s.0.conv2", List.of(CONV, norm("conv2Bn")));
        NormIntoAdd.Split split = NormIntoAdd.take(step, "conv2Bn").orElseThrow();
        assertEquals(new Plan.Step("s.0.conv2", List.of(CONV)), split.rest());
        Op fused = NormIntoAdd.withAdd(split.norm(), "input", "s0Out", true);
        List<Arg> expected = new ArrayList<>(norm("unused").args().subList(0, 6));
        expected.addAll(List.of(Arg.buffer("shortcut", "input"), Arg.buffer("y", "s0Out"), Arg.flag("relu", true)));
        assertEquals(new Op(Kernel.BATCH_NORM, "bn2", "forward", expected), fused);
    }

    @Test
    void otherStepsAreLeftAlone() {
        assertTrue(NormIntoAdd.take(new Plan.Step("c", List.of(CONV, norm("conv2Bn", Arg.flag("relu", true)))), "conv2Bn").isEmpty(),
                "a norm with its ReLU");
        assertTrue(NormIntoAdd.take(new Plan.Step("c", List.of(CONV, norm("other"))), "conv2Bn").isEmpty(), "a norm writing another buffer");
        assertTrue(NormIntoAdd.take(new Plan.Step("c", List.of(norm("conv2Bn"))), "conv2Bn").isEmpty(), "a norm alone in its unit");
        assertTrue(NormIntoAdd.take(new Plan.Step("c", List.of(norm("conv2Bn"), CONV)), "conv2Bn").isEmpty(), "a norm not last");
    }
}
