package dev.kiln.processor.plan;

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
final class ReluOfSum {
    private ReluOfSum() {}

    /**
     * {@code passes} then {@code step}, with a single accumulating pass into the gradient that
     * the step's first call, an in-place {@code Relu.backward}, masks folded into that call.
     */
    static List<Plan.Step> fuse(List<Plan.Step> passes, Plan.Step step) {
        List<Plan.Step> plain = new ArrayList<>(passes);
        plain.add(step);
        if (passes.size() != 1 || passes.get(0).calls().size() != 1 || step.calls().isEmpty()) {
            return plain;
        }
        Plan.Call pass = passes.get(0).calls().get(0);
        Plan.Call relu = step.calls().get(0);
        boolean accumulatingPass = pass.target().equals("Grad") && pass.method().equals("pass")
                && pass.args().get(2).equals("true");
        boolean inPlaceRelu = relu.target().equals("Relu") && relu.method().equals("backward") && relu.inference() == null
                && relu.args().get(3).equals("false") && relu.args().get(1).equals(relu.args().get(2));
        String gradient = pass.args().get(1);
        if (!accumulatingPass || !inPlaceRelu || !relu.args().get(1).equals(gradient)) {
            return plain;
        }
        List<Plan.Call> calls = new ArrayList<>();
        calls.add(Plan.Call.of("Relu", "backwardOfSum", relu.args().get(0), gradient, pass.args().get(0), gradient));
        calls.addAll(step.calls().subList(1, step.calls().size()));
        String passComment = passes.get(0).comment();
        int cut = passComment.indexOf(", put off");
        String what = cut < 0 ? passComment : passComment.substring(0, cut);
        return List.of(new Plan.Step(step.comment() + "; and " + what + ", added by the ReLU's backward", calls));
    }
}
