package dev.kiln.processor.plan;

import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.shape.Shape;
import dev.kiln.processor.shape.ShapedLayer;
import java.util.List;

/**
 * Plans one layer unit by applying the part rules in their fixed order, merge → flatten →
 * conv/dense → batch norm → activation → pool → dropout; backward runs the parts' stages in
 * reverse. The table below is the whole of it: each rule is a class of its own.
 */
final class UnitPlanner {
    /** The part rules, in the order a unit's parts run forward. */
    private static final List<PartRule> RULES = List.of(new MergeRule(), new FlattenRule(), new LinearRule(), new BatchNormRule(),
            new ActivationRule(), new PoolRule(), new DropoutRule());

    /** One forward stage and how to run it backward given the gradient of its output. */
    interface Backward {
        /** Appends the backward calls; returns the gradient field of the stage's input, or null when nothing earlier needs it. */
        String emit(List<Op> ops, String dOut);
    }

    record Result(Plan.Step forward, List<Backward> backward, String output) {}

    private final BufferTable buffers;
    private final ParamTable params;
    private final KernelTable kernels;
    private final Layout layout;

    UnitPlanner(BufferTable buffers, ParamTable params, KernelTable kernels, Layout layout) {
        this.buffers = buffers;
        this.params = params;
        this.kernels = kernels;
        this.layout = layout;
    }

    Result plan(String name, LayerDecl layer, ShapedLayer row, List<String> ins, List<Shape> inShapes, boolean needsGrad,
                String comment) {
        UnitDraft unit = new UnitDraft(name, layer, row, ins, inShapes, needsGrad, buffers, params, kernels, layout);
        for (PartRule rule : RULES) {
            if (rule.applies(unit)) {
                rule.plan(unit);
            }
        }
        return new Result(new Plan.Step(comment, unit.forward), unit.backward, unit.current);
    }
}
