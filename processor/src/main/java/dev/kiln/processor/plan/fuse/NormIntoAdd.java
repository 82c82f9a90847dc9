package dev.kiln.processor.plan.fuse;

import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.Op;
import dev.kiln.processor.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a residual block's last batch norm in the add: {@code out = relu(bn(x) + shortcut)} in
 * one pass, and the block's own output is never written. It applies when the block ends in a
 * plain batch norm (no activation after it) that is not its unit's only call. Backward is
 * unchanged, as the add passes its gradient on as it is.
 */
public final class NormIntoAdd {
    private NormIntoAdd() {}

    /** A unit's step without its last call, and that call. */
    public record Split(Plan.Step rest, Op norm) {}

    /** {@code step} split before its last call when that call is a plain batch norm writing {@code block}; else empty. */
    public static Optional<Split> take(Plan.Step step, String block) {
        List<Op> ops = step.ops();
        if (ops.size() < 2) {
            return Optional.empty();
        }
        Op last = ops.get(ops.size() - 1);
        if (!last.is(Kernel.BATCH_NORM, "forward") || last.arg("relu").isPresent() || last.arg("shortcut").isPresent()
                || !block.equals(last.buffer("y"))) {
            return Optional.empty();
        }
        return Optional.of(new Split(new Plan.Step(step.comment(), ops.subList(0, ops.size() - 1)), last));
    }

    /** The batch norm {@code norm} writing {@code out} = act(its result + {@code shortcut}), ReLU when {@code relu}. */
    public static Op withAdd(Op norm, String shortcut, String out, boolean relu) {
        List<Arg> args = new ArrayList<>();
        for (Arg a : norm.args()) {
            if (a.name().equals("y")) {
                args.add(Arg.buffer("shortcut", shortcut));
                args.add(Arg.buffer("y", out));
            } else {
                args.add(a);
            }
        }
        args.add(Arg.flag("relu", relu));
        return new Op(norm.kernel(), norm.instance(), norm.method(), args);
    }
}
