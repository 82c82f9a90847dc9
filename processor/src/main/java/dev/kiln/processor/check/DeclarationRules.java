package dev.kiln.processor.check;

import dev.kiln.dsl.Conv;
import dev.kiln.dsl.Pool;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.Declaration;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.SourceRef;
import dev.kiln.processor.model.Spec;

/**
 * Rules on annotation values that need no shapes: counts and sizes at least 1, paddings, rates
 * and the block-only sentinels. Each finding points at the attribute that breaks the rule.
 */
public final class DeclarationRules {
    private DeclarationRules() {}

    public static void check(Declaration d, Report report) {
        d.input().ifPresent(in -> {
            positive(report, d.simpleName(), "@Input channels", in.channels(), in.ref().at("channels"), "a grey image has 1, RGB 3");
            positive(report, d.simpleName(), "@Input height", in.height(), in.ref().at("height"), "give the image height in pixels");
            positive(report, d.simpleName(), "@Input width", in.width(), in.ref().at("width"), "give the image width in pixels");
        });
        boolean inBlock = d.kind() == Declaration.Kind.BLOCK;
        for (LayerDecl layer : d.layers()) {
            layer.linear().ifPresent(l -> {
                if (l instanceof Spec.Conv c) {
                    conv(report, layer.name(), c, inBlock);
                } else if (l instanceof Spec.Dense dense) {
                    positive(report, layer.name(), "@Dense units", dense.units(), dense.ref().at("units"), "give the number of outputs");
                }
            });
            layer.batchNorm().ifPresent(bn -> {
                if (!(bn.momentum() >= 0 && bn.momentum() <= 1)) {
                    report.error(Code.VALUE_OUT_OF_RANGE, bn.ref().at("momentum"), layer.name(), "@BatchNorm momentum", "in [0, 1] (the new batch's weight in the running averages; 0.1 is usual)", bn.momentum());
                }
                if (!(bn.epsilon() > 0) || Double.isInfinite(bn.epsilon())) {
                    report.error(Code.VALUE_OUT_OF_RANGE, bn.ref().at("epsilon"), layer.name(), "@BatchNorm epsilon", "greater than 0 (1e-5 is usual)", bn.epsilon());
                }
            });
            layer.activation().ifPresent(a -> {
                // networks compute in float32: a slope past Float.MAX_VALUE would be infinite there
                if (a.kind() == Spec.Activation.Kind.LEAKY_RELU && !(a.slope() >= 0 && a.slope() <= Float.MAX_VALUE)) {
                    report.error(Code.VALUE_OUT_OF_RANGE, a.ref().at("slope"), layer.name(), "@LeakyRelu slope",
                            "a number ≥ 0 that float32 holds, at most 3.4e38 (0.01 is usual)", a.slope());
                }
            });
            layer.pool().ifPresent(p -> pool(report, layer.name(), p));
            layer.dropout().ifPresent(drop -> {
                if (!(drop.rate() >= 0 && drop.rate() < 1)) {
                    report.error(Code.INVALID_DROPOUT_RATE, drop.ref().at("rate"), layer.name(), drop.rate());
                }
            });
            layer.repeat().ifPresent(r -> {
                String a = r.annotation();
                positive(report, layer.name(), a + " filters", r.filters(), r.ref().at("filters"), "give the block width, such as filters = 16");
                positive(report, layer.name(), a + " stride", r.stride(), r.ref().at("stride"), "use stride = 1 to keep the size, 2 to halve it");
                positive(report, layer.name(), a + " repeat", r.repeat(), r.ref().at("repeat"), "give how many times the block is applied");
            });
        }
    }

    private static void conv(Report report, String layer, Spec.Conv c, boolean inBlock) {
        if (c.filters() == Conv.BLOCK_WIDTH) {
            if (!inBlock) {
                report.error(Code.BLOCK_WIDTH_OUTSIDE_BLOCK, c.ref(), layer);
            }
        } else {
            positive(report, layer, "@Conv filters", c.filters(), c.ref().at("filters"), "give the number of output channels");
            if (c.expansion() != 1 && c.expansion() > 0) {
                report.error(Code.EXPANSION_NEEDS_BLOCK_WIDTH, c.ref().at("expansion"), layer, c.expansion(), c.filters());
            }
        }
        positive(report, layer, "@Conv kernel", c.kernel(), c.ref().at("kernel"), "use kernel = 3 for the usual 3×3");
        if (c.stride() == Conv.BLOCK_STRIDE) {
            if (!inBlock) {
                report.error(Code.BLOCK_STRIDE_OUTSIDE_BLOCK, c.ref().at("stride"), layer);
            }
        } else {
            positive(report, layer, "@Conv stride", c.stride(), c.ref().at("stride"), "use stride = 1 to keep the size, 2 to halve it");
        }
        positive(report, layer, "@Conv dilation", c.dilation(), c.ref().at("dilation"), "use dilation = 1 for an ordinary convolution");
        positive(report, layer, "@Conv expansion", c.expansion(), c.ref().at("expansion"), "use expansion = 1, or 4 for a bottleneck's last conv");
        if (c.padding() < 0 && c.padding() != Conv.SAME) {
            report.error(Code.INVALID_PADDING, c.ref().at("padding"), layer, "@Conv", "≥ 0 (or Conv.SAME)", c.padding());
        }
    }

    private static void pool(Report report, String layer, Spec.Pool p) {
        if (p.global()) {
            return;
        }
        positive(report, layer, "@Pool size", p.size(), p.ref().at("size"), "use size = 2 to halve the size");
        if (p.stride() != Pool.SIZE) {
            positive(report, layer, "@Pool stride", p.stride(), p.ref().at("stride"), "leave it out to step by the window size");
        }
        if (p.padding() < 0) {
            report.error(Code.INVALID_PADDING, p.ref().at("padding"), layer, "@Pool", "≥ 0", p.padding());
        } else if (p.size() > 0 && p.padding() > p.size() / 2) {
            report.error(Code.POOL_PADDING_TOO_LARGE, p.ref().at("padding"), layer, p.size(), p.size() / 2, p.padding());
        }
    }

    private static void positive(Report report, String layer, String what, int value, SourceRef at, String fix) {
        if (value < 1) {
            report.error(Code.NON_POSITIVE_VALUE, at, layer, what, value, fix + ".");
        }
    }
}
