package dev.kiln.processor.check;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.Declaration;
import dev.kiln.processor.model.Limits;
import dev.kiln.processor.plan.Plan;

/**
 * The one rule on the plan: the generated class must compile. Its constructor assigns every
 * parameter, gradient, state and kernel field, and the activations' constructor every buffer,
 * one statement each, within Java's 64 KiB a method ({@link Limits}).
 */
public final class GeneratedSize {
    private GeneratedSize() {}

    public static void check(Plan plan, Report report) {
        Declaration model = plan.shaped().graph().model();
        long fields = plan.kernels().size() + plan.params().stream().mapToLong(p -> p.trainable() ? 2 : 1).sum();
        int buffers = plan.buffers().size();
        if (fields > Limits.MAX_FIELDS || buffers > Limits.MAX_BUFFERS) {
            String what = fields > Limits.MAX_FIELDS
                    ? String.format("its %,d layers need %,d parameter, state and kernel fields", plan.shaped().layers().size(), fields)
                    : String.format("its %,d layers need %,d activation buffers", plan.shaped().layers().size(), buffers);
            report.error(Code.TOO_MANY_LAYERS, model.ref(), model.simpleName(), what, Limits.MAX_LAYERS, Limits.MAX_FIELDS,
                    Limits.MAX_BUFFERS, "use fewer or smaller layers (a @Conv with @BatchNorm needs 10 fields).");
        }
    }
}
