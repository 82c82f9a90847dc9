package dev.kiln.processor.plan.fuse;

import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.Op;
import dev.kiln.processor.plan.Plan;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds a put-off identity-shortcut pass into the ReLU backward that reads its target next. A
 * residual block's output feeds the next block twice, through its first layer and through its
 * identity shortcut; in backward the shortcut's {@code Grad.pass(dShortcut, dOut, true)} runs
 * just before the block's own residual ReLU masks {@code dOut} in place. As one call,
 * {@code Relu.backwardOfSum(out, dOut, dShortcut, dOut)}, the gradient crosses memory once
 * instead of twice.
 */
public final class ReluOfSum {
    private ReluOfSum() {}

    /**
     * {@code passes} then {@code step}, with a single accumulating pass into the gradient that
     * the step's first call, an in-place {@code Relu.backward}, masks folded into that call.
     */
    public static List<Plan.Step> fuse(List<Plan.Step> passes, Plan.Step step) {
        List<Plan.Step> plain = new ArrayList<>(passes);
        plain.add(step);
        if (passes.size() != 1 || passes.get(0).ops().size() != 1 || step.ops().isEmpty()) {
            return plain;
        }
        Op pass = passes.get(0).ops().get(0);
        Op relu = step.ops().get(0);
        boolean accumulatingPass = pass.is(Kernel.GRAD, "pass") && pass.flag("accumulate");
        boolean inPlaceRelu = relu.is(Kernel.RELU, "backward") && !relu.flag("accumulate")
                && relu.buffer("dy").equals(relu.buffer("dx"));
        String gradient = pass.buffer("dx");
        if (!accumulatingPass || !inPlaceRelu || !relu.buffer("dy").equals(gradient)) {
            return plain;
        }
        List<Op> ops = new ArrayList<>();
        ops.add(new Op(Kernel.RELU, null, "backwardOfSum", List.of(Arg.buffer("y", relu.buffer("y")), Arg.buffer("dyA", gradient),
                Arg.buffer("dyB", pass.buffer("dy")), Arg.buffer("dx", gradient))));
        ops.addAll(step.ops().subList(1, step.ops().size()));
        String what = passes.get(0).comment();
        return List.of(new Plan.Step(step.comment() + "; and " + what + ", added by the ReLU's backward", ops));
    }
}
