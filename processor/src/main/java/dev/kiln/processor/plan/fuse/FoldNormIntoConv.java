package dev.kiln.processor.plan.fuse;

import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.Op;
import dev.kiln.processor.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * At inference, runs a convolution and the batch norm that reads its output as one call
 * ({@code ConvBatchNorm}): the batch norm folded into the convolution's weights and bias, its
 * shortcut add and ReLU, where it has them, in the convolution's epilogue. It applies to a
 * batch-norm forward whose input is written by a convolution forward of the same method and read
 * by nothing else; the folded call takes the batch norm's place (a projection shortcut runs
 * between a block's last convolution and its batch norm), and the convolution's step runs
 * nothing at inference. Training and backward are unchanged.
 */
public final class FoldNormIntoConv {
    private FoldNormIntoConv() {}

    /** The groups with the inference calls set, and the kernels the folded calls are made on. */
    public record Folding(List<Plan.Group> groups, List<Plan.KernelField> kernels) {}

    /** Folds what can be folded in {@code groups}; {@code taken} are the field names in use (kernels and parameters). */
    public static Folding fold(List<Plan.Group> groups, Set<String> taken) {
        Map<String, Integer> mentions = new HashMap<>();
        for (Plan.Group g : groups) {
            g.forward().forEach(s -> s.ops().forEach(op -> op.buffers().forEach(b -> mentions.merge(b, 1, Integer::sum))));
        }
        Set<String> names = new HashSet<>(taken);
        List<Plan.KernelField> kernels = new ArrayList<>();
        List<Plan.Group> out = new ArrayList<>();
        for (Plan.Group g : groups) {
            List<List<Op>> inference = new ArrayList<>();
            g.forward().forEach(s -> inference.add(new ArrayList<>(s.ops())));
            boolean changed = false;
            for (int j = 0; j < g.forward().size(); j++) {
                for (Op norm : g.forward().get(j).ops()) {
                    String lin = norm.is(Kernel.BATCH_NORM, "forward") ? norm.buffer("x") : null;
                    if (lin == null || mentions.getOrDefault(lin, 0) != 2) {
                        continue;
                    }
                    for (int i = 0; i <= j; i++) {
                        Op conv = writer(g.forward().get(i).ops(), lin);
                        if (conv != null) {
                            Plan.KernelField k = new Plan.KernelField(unique(names, conv.instance()), Kernel.CONV_BATCH_NORM,
                                    List.of(new Arg.Instance("conv", conv.instance()), new Arg.Instance("norm", norm.instance())));
                            kernels.add(k);
                            inference.get(i).remove(conv);
                            List<Op> at = inference.get(j);
                            at.set(at.indexOf(norm), folded(k, conv, norm));
                            changed = true;
                            break;
                        }
                    }
                }
            }
            if (!changed) {
                out.add(g);
                continue;
            }
            List<Plan.Step> steps = new ArrayList<>();
            for (int j = 0; j < g.forward().size(); j++) {
                Plan.Step s = g.forward().get(j);
                steps.add(inference.get(j).equals(s.ops()) ? s : s.withInference(inference.get(j)));
            }
            out.add(new Plan.Group(g.method(), g.inputs(), g.output(), steps, g.backward()));
        }
        return new Folding(out, kernels);
    }

    /** The convolution forward among {@code ops} that writes {@code lin}, or null. */
    private static Op writer(List<Op> ops, String lin) {
        return ops.stream().filter(op -> op.is(Kernel.CONV2D, "forward") && lin.equals(op.buffer("y"))).findFirst().orElse(null);
    }

    /** {@code ConvBatchNorm.forward(x, w, b, gamma, beta, runningMean, runningVar, lin, [shortcut,] y, relu)}. */
    private static Op folded(Plan.KernelField k, Op conv, Op norm) {
        List<Arg> args = new ArrayList<>();
        for (String name : List.of("x", "w", "b")) {
            args.add(conv.arg(name).orElseThrow());
        }
        for (String name : List.of("gamma", "beta", "runningMean", "runningVar")) {
            args.add(norm.arg(name).orElseThrow());
        }
        args.add(Arg.buffer("lin", conv.buffer("y")));
        norm.arg("shortcut").ifPresent(args::add);
        args.add(norm.arg("y").orElseThrow());
        args.add(Arg.flag("relu", norm.flag("relu")));
        return new Op(k.kernel(), k.field(), "forward", args);
    }

    /** {@code stemConv} → {@code stemFolded}, numbered where that is taken. */
    private static String unique(Set<String> names, String convField) {
        String base = (convField.endsWith("Conv") ? convField.substring(0, convField.length() - 4) : convField) + "Folded";
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + i;
        }
        return name;
    }
}
