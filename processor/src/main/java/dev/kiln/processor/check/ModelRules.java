package dev.kiln.processor.check;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.Declaration;
import dev.kiln.processor.shape.ShapedGraph;

/** Rules on the whole shaped model: for now, that it has the parameter count its author declared. */
public final class ModelRules {
    private ModelRules() {}

    public static void check(ShapedGraph shaped, Report report) {
        Declaration model = shaped.graph().model();
        model.expectedParams().ifPresent(expected -> {
            long actual = shaped.parameters();
            if (expected.count() != actual) {
                report.error(Code.PARAM_COUNT_MISMATCH, expected.ref(), model.simpleName(), expected.count(),
                        actual, actual - expected.count(), actual);
            }
        });
    }
}
