package dev.kiln.processor.plan;

import static dev.kiln.processor.plan.BufferTable.a;

import dev.kiln.dsl.Shortcut;
import dev.kiln.processor.resolve.Node;
import dev.kiln.processor.shape.Shape;
import dev.kiln.processor.shape.ShapedLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the end of one residual repeat: {@code out = act(block + shortcut(x))}, the shortcut
 * being the identity, a zero-padded subsample, or a 1×1 projection with batch norm. The add
 * and its ReLU are one fused kernel call; backward runs the ReLU in place on the gradient and
 * hands it to both branches, accumulating where a tensor has several consumers. The block's
 * branch reads that gradient where it is, without a copy: the add is the block output's only
 * consumer. When the block ends in a plain batch norm, that batch norm runs here instead, with
 * the shortcut added and the ReLU applied in the same pass, and the block's output is never
 * written: its backward is the same, as the add passes the gradient on unchanged.
 */
final class ShortcutPlanner {
    private final BufferTable buffers;
    private final ParamTable params;
    private final KernelTable kernels;
    /** The constructor argument that makes a kernel channels-last, or nothing for NCHW. */
    private final String lastArg;

    ShortcutPlanner(BufferTable buffers, ParamTable params, KernelTable kernels, Layout layout) {
        this.buffers = buffers;
        this.params = params;
        this.kernels = kernels;
        this.lastArg = layout == Layout.CHANNELS_LAST ? ", true" : "";
    }

    /** {@code lastNorm}: the block's last batch norm call, taken out of its unit to run fused with the add; or null. */
    UnitPlanner.Result plan(Node.Shortcut node, List<ShapedLayer> rows, String block, String x, Shape xShape, Plan.Call lastNorm) {
        String n = node.name();
        ShapedLayer addRow = rows.get(rows.size() - 1);
        Shape shape = addRow.output();
        boolean relu = node.spec().reluAfter();
        List<Plan.Call> fwd = new ArrayList<>();
        String branch = x;
        UnitPlanner.Backward shortcutBack;
        String kind;
        if (shape.equals(xShape)) {
            kind = "identity";
            shortcutBack = (calls, dOut) -> {
                if (lastNorm != null && buffers.needsGradient(x) && buffers.get(x).viewOf() == null) {
                    // The block ends in batch norm, whose backward only reads dOut: the identity's
                    // copy can wait until x's gradient is read, after the block's first convolution
                    // has written it without a scratch array.
                    buffers.deferPass(dOut, buffers.gradient(x), "backward of " + n + "'s identity shortcut, put off until"
                            + " the block's backward has written this gradient");
                    return null;
                }
                return pass(calls, dOut, x);
            };
        } else if (node.spec().shortcut() == Shortcut.ZERO_PAD) {
            kind = "zero-padded";
            branch = buffers.activation(n, "ShortcutPad", shape, true);
            fwd.add(Plan.Call.of("ZeroPadShortcut", "forward", a(x), String.valueOf(node.stride()), a(branch)));
            shortcutBack = (calls, dOut) -> {
                if (buffers.needsGradient(x)) {
                    String dx = buffers.gradient(x);
                    calls.add(Plan.Call.of("ZeroPadShortcut", "backward", a(dOut), String.valueOf(node.stride()), a(dx),
                            String.valueOf(buffers.accumulate(dx))));
                }
                return null;
            };
        } else {
            kind = "1×1 projection";
            ShapedLayer proj = rows.get(0);
            String p = n + ".shortcut";
            Plan.ParamField w = params.add(proj, p + ".conv.weight", "WEIGHT", Plan.Init.HE);
            Plan.ParamField gamma = params.add(proj, p + ".bn.weight", "NORM_WEIGHT", Plan.Init.ONE);
            Plan.ParamField beta = params.add(proj, p + ".bn.bias", "NORM_BIAS", Plan.Init.ZERO);
            Plan.ParamField mean = params.add(proj, p + ".bn.running_mean", "STATE", Plan.Init.ZERO);
            Plan.ParamField var = params.add(proj, p + ".bn.running_var", "STATE", Plan.Init.ONE);
            String conv = kernels.add(p, "Conv", "Conv2d", "1, " + node.stride() + ", 0, 1" + lastArg);
            String bn = kernels.add(p, "Bn", "BatchNorm", "0.1, 1.0E-5" + lastArg);
            String convOut = buffers.activation(p, "Lin", shape, true);
            branch = buffers.activation(p, "Bn", shape, true);
            fwd.add(Plan.Call.of(conv, "forward", a(x), w.field(), "null", a(convOut)));
            List<String> bnArgs = List.of(a(convOut), gamma.field(), beta.field(), mean.field(), var.field(), a(branch));
            fwd.add(new Plan.Call(bn, "forwardTrain", bnArgs, new Plan.Call(bn, "forwardInference", bnArgs, null)));
            shortcutBack = (calls, dOut) -> {
                String dConv = buffers.gradient(convOut);
                buffers.accumulate(dConv);
                calls.add(Plan.Call.of(bn, "backward", a(convOut), gamma.field(), a(dOut), a(dConv), "false",
                        gamma.gradient(), beta.gradient()));
                String dx = buffers.needsGradient(x) ? buffers.gradient(x) : null;
                if (dx != null && buffers.get(x).viewOf() == null) {
                    // The block's first convolution then writes x's gradient without a scratch
                    // array, and this 1×1 convolution adds into it at the positions it samples.
                    buffers.deferCall(dx, "backward of " + n + "'s projection shortcut, put off until the block's"
                            + " backward has written this gradient", acc -> Plan.Call.of(conv, "backward", a(x), w.field(),
                            a(dConv), a(dx), String.valueOf(acc), w.gradient(), "null"));
                    return null;
                }
                boolean acc = dx != null && buffers.accumulate(dx);
                calls.add(Plan.Call.of(conv, "backward", a(x), w.field(), a(dConv), dx == null ? "null" : a(dx),
                        String.valueOf(acc), w.gradient(), "null"));
                return null;
            };
        }
        String out = buffers.activation(n, "Out", shape, true);
        String fused = "";
        if (lastNorm == null) {
            fwd.add(Plan.Call.of("Add", "forward", a(block), a(branch), a(out), String.valueOf(relu)));
        } else {
            List<String> args = new ArrayList<>(lastNorm.args().subList(0, 5));
            args.addAll(List.of(a(branch), a(out), String.valueOf(relu)));
            fwd.add(new Plan.Call(lastNorm.target(), "forwardTrain", args, new Plan.Call(lastNorm.target(), "forwardInference", args, null)));
            buffers.drop(block);
            fused = "; the block's last batch norm runs here, the add in the same pass";
        }
        UnitPlanner.Backward back = (calls, dOut) -> {
            if (relu) {
                calls.add(Plan.Call.of("Relu", "backward", a(out), a(dOut), a(dOut), "false"));
            }
            shortcutBack.emit(calls, dOut);
            if (buffers.shareGradient(block, dOut)) {
                return null;
            }
            return pass(calls, dOut, block);
        };
        String comment = n + " (" + node.spec().annotation() + ": add" + (relu && !node.reluFromStack() ? " + relu" : "") + ", " + kind
                + " shortcut" + fused + (node.reluFromStack() ? "; then @Stack's ReLU after the block" : "") + ")";
        return new UnitPlanner.Result(new Plan.Step(comment, fwd), List.of(back), out);
    }

    private String pass(List<Plan.Call> calls, String dOut, String x) {
        if (!buffers.needsGradient(x)) {
            return null;
        }
        String dx = buffers.gradient(x);
        calls.add(Plan.Call.of("Grad", "pass", a(dOut), a(dx), String.valueOf(buffers.accumulate(dx))));
        return null;
    }
}
