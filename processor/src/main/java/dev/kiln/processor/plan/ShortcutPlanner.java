package dev.kiln.processor.plan;

import dev.kiln.dsl.Shortcut;
import dev.kiln.processor.plan.fuse.NormIntoAdd;
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
 * consumer. When the block ends in a plain batch norm, that batch norm runs here instead
 * ({@link NormIntoAdd}).
 */
final class ShortcutPlanner {
    private static final String PUT_OFF = "put off until the block's backward has written this gradient";

    private final BufferTable buffers;
    private final ParamTable params;
    private final KernelTable kernels;
    private final boolean channelsLast;

    ShortcutPlanner(BufferTable buffers, ParamTable params, KernelTable kernels, Layout layout) {
        this.buffers = buffers;
        this.params = params;
        this.kernels = kernels;
        this.channelsLast = layout == Layout.CHANNELS_LAST;
    }

    /** {@code lastNorm}: the block's last batch norm call, taken out of its unit to run fused with the add; or null. */
    UnitPlanner.Result plan(Node.Shortcut node, List<ShapedLayer> rows, String block, String x, Shape xShape, Op lastNorm) {
        String n = node.name();
        Shape shape = rows.get(rows.size() - 1).output();
        boolean relu = node.spec().reluAfter();
        List<Op> fwd = new ArrayList<>();
        String branch = x;
        UnitPlanner.Backward shortcutBack;
        String kind;
        if (shape.equals(xShape)) {
            kind = "identity";
            shortcutBack = (ops, dOut) -> {
                if (lastNorm != null && buffers.needsGradient(x) && buffers.get(x).viewOf() == null) {
                    // The block ends in batch norm, whose backward only reads dOut: the identity's
                    // copy can wait until x's gradient is read, after the block's first convolution
                    // has written it without a scratch array.
                    buffers.deferPass(dOut, buffers.gradient(x), "backward of " + n + "'s identity shortcut", PUT_OFF);
                    return null;
                }
                return pass(ops, dOut, x);
            };
        } else if (node.spec().shortcut() == Shortcut.ZERO_PAD) {
            kind = "zero-padded";
            String padded = buffers.activation(n, "ShortcutPad", "pad", shape, true);
            branch = padded;
            Arg stride = new Arg.Int("stride", node.stride());
            fwd.add(Op.of(Kernel.ZERO_PAD_SHORTCUT, "forward", Arg.buffer("x", x), stride, Arg.buffer("y", padded)));
            shortcutBack = (ops, dOut) -> {
                if (buffers.needsGradient(x)) {
                    String dx = buffers.gradient(x);
                    ops.add(Op.of(Kernel.ZERO_PAD_SHORTCUT, "backward", Arg.buffer("dy", dOut), stride, Arg.buffer("dx", dx),
                            Arg.flag("accumulate", buffers.accumulate(dx))));
                }
                return null;
            };
        } else {
            kind = "1×1 projection";
            Projection p = new Projection(n, rows.get(0), node.stride(), x, shape);
            branch = p.out;
            fwd.addAll(p.forward);
            shortcutBack = p::backward;
        }
        String out = buffers.activation(n, "Out", "add", shape, true);
        String fused = "";
        if (lastNorm == null) {
            fwd.add(Op.of(Kernel.ADD, "forward", Arg.buffer("a", block), Arg.buffer("b", branch), Arg.buffer("y", out),
                    Arg.flag("relu", relu)));
        } else {
            fwd.add(NormIntoAdd.withAdd(lastNorm, branch, out, relu));
            buffers.drop(block);
            fused = "; the block's last batch norm runs here, the add in the same pass";
        }
        UnitPlanner.Backward back = (ops, dOut) -> {
            if (relu) {
                ops.add(Op.of(Kernel.RELU, "backward", Arg.buffer("y", out), Arg.buffer("dy", dOut), Arg.buffer("dx", dOut),
                        Arg.flag("accumulate", false)));
            }
            shortcutBack.emit(ops, dOut);
            if (buffers.shareGradient(block, dOut)) {
                return null;
            }
            return pass(ops, dOut, block);
        };
        String comment = n + " (" + node.spec().annotation() + ": add" + (relu && !node.reluFromStack() ? " + relu" : "") + ", " + kind
                + " shortcut" + fused + (node.reluFromStack() ? "; then @Stack's ReLU after the block" : "") + ")";
        return new UnitPlanner.Result(new Plan.Step(comment, fwd), List.of(back), out);
    }

    /** {@code dx += dOut} (or {@code =}, for the first write) into x's gradient, when something needs it. */
    private String pass(List<Op> ops, String dOut, String x) {
        if (buffers.needsGradient(x)) {
            String dx = buffers.gradient(x);
            ops.add(Op.of(Kernel.GRAD, "pass", Arg.buffer("dy", dOut), Arg.buffer("dx", dx), Arg.flag("accumulate", buffers.accumulate(dx))));
        }
        return null;
    }

    /** The 1×1 convolution and batch norm of a projection shortcut, forward and backward. */
    private final class Projection {
        final String node;
        final String x;
        final Plan.ParamField w;
        final Plan.ParamField gamma;
        final Plan.ParamField beta;
        final Plan.KernelField conv;
        final Plan.KernelField bn;
        final String convOut;
        final String out;
        final List<Op> forward;

        Projection(String node, ShapedLayer row, int stride, String x, Shape shape) {
            this.node = node;
            this.x = x;
            String name = node + ".shortcut";
            w = params.add(row, name + ".conv.weight", "WEIGHT", Plan.Init.HE);
            gamma = params.add(row, name + ".bn.weight", "NORM_WEIGHT", Plan.Init.ONE);
            beta = params.add(row, name + ".bn.bias", "NORM_BIAS", Plan.Init.ZERO);
            Plan.ParamField mean = params.add(row, name + ".bn.running_mean", "STATE", Plan.Init.ZERO);
            Plan.ParamField var = params.add(row, name + ".bn.running_var", "STATE", Plan.Init.ONE);
            conv = kernels.add(name, "Conv", Kernel.CONV2D, new Arg.Int("kernel", 1), new Arg.Int("stride", stride),
                    new Arg.Int("padding", 0), new Arg.Int("dilation", 1), Arg.flag("channelsLast", channelsLast));
            bn = kernels.add(name, "Bn", Kernel.BATCH_NORM, new Arg.Real("momentum", 0.1), new Arg.Real("epsilon", 1.0E-5),
                    Arg.flag("channelsLast", channelsLast));
            convOut = buffers.activation(name, "Lin", "linear", shape, true);
            out = buffers.activation(name, "Bn", "bn", shape, true);
            forward = List.of(
                    Op.on(conv, "forward", Arg.buffer("x", x), ParamTable.value("w", w), new Arg.Absent("b"), Arg.buffer("y", convOut)),
                    Op.on(bn, "forward", new Arg.Mode(), Arg.buffer("x", convOut), ParamTable.value("gamma", gamma),
                            ParamTable.value("beta", beta), ParamTable.value("runningMean", mean), ParamTable.value("runningVar", var),
                            Arg.buffer("y", out)));
        }

        String backward(List<Op> ops, String dOut) {
            String dConv = buffers.gradient(convOut);
            buffers.accumulate(dConv);
            ops.add(Op.on(bn, "backward", Arg.buffer("x", convOut), ParamTable.value("gamma", gamma), Arg.buffer("dy", dOut),
                    Arg.buffer("dx", dConv), Arg.flag("accumulate", false), ParamTable.gradient("dgamma", gamma),
                    ParamTable.gradient("dbeta", beta)));
            String dx = buffers.needsGradient(x) ? buffers.gradient(x) : null;
            if (dx != null && buffers.get(x).viewOf() == null) {
                // The block's first convolution then writes x's gradient without a scratch
                // array, and this 1×1 convolution adds into it at the positions it samples.
                buffers.deferCall(dx, "backward of " + node + "'s projection shortcut", PUT_OFF, acc -> convBackward(dConv, dx, acc));
                return null;
            }
            ops.add(convBackward(dConv, dx, dx != null && buffers.accumulate(dx)));
            return null;
        }

        private Op convBackward(String dConv, String dx, boolean accumulate) {
            return Op.on(conv, "backward", Arg.buffer("x", x), ParamTable.value("w", w), Arg.buffer("dy", dConv),
                    Arg.bufferOrAbsent("dx", dx), Arg.flag("accumulate", accumulate), ParamTable.gradient("dw", w), new Arg.Absent("db"));
        }
    }
}
