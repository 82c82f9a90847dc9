package dev.kiln.processor.check;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.Declaration;
import dev.kiln.processor.shape.ShapedGraph;
import dev.kiln.processor.shape.ShapedLayer;
import java.util.Comparator;

/**
 * Rules on the whole shaped model: that its cost can be counted (two FLOPs a multiply-accumulate,
 * in a {@code long}), and that it has the parameter count its author declared.
 */
public final class ModelRules {
    /** Multiply-accumulates per example whose FLOPs (twice as many) still fit a {@code long}. */
    static final long MAX_MACS = Long.MAX_VALUE / 2;

    private ModelRules() {}

    public static void check(ShapedGraph shaped, Report report) {
        Declaration model = shaped.graph().model();
        long total = 0;
        for (ShapedLayer l : shaped.layers()) {
            // Each layer's count is at most 2^62 (its weight and its output each fit an int).
            total = l.macs() > MAX_MACS - total ? Long.MAX_VALUE : total + l.macs();
        }
        if (total > MAX_MACS) {
            ShapedLayer largest = shaped.layers().stream().max(Comparator.comparingLong(ShapedLayer::macs)).orElseThrow();
            report.error(Code.TOO_MANY_OPERATIONS, largest.node().ref(), model.simpleName(), MAX_MACS, largest.name(),
                    largest.macs());
            return;
        }
        model.expectedParams().ifPresent(expected -> {
            long actual = shaped.parameters();
            if (expected.count() != actual) {
                report.error(Code.PARAM_COUNT_MISMATCH, expected.ref(), model.simpleName(), expected.count(),
                        actual, actual - expected.count(), actual);
            }
        });
    }
}
