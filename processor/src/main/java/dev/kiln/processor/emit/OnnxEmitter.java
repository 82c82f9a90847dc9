package dev.kiln.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.kiln.dsl.PoolType;
import dev.kiln.dsl.Shortcut;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.Spec;
import dev.kiln.processor.plan.Plan;
import dev.kiln.processor.resolve.Graph;
import dev.kiln.processor.resolve.Node;
import dev.kiln.processor.shape.Shape;
import dev.kiln.processor.shape.ShapedLayer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * {@code describeOnnx(g)}: the network's inference graph in ONNX operators, one statement a
 * layer step, in forward order, written from the same graph the forward pass is planned from.
 * Each step is named as {@code Network.outputs()} names it ({@code stem/linear}, {@code stem/bn});
 * batch norm is its inference form; dropout is nothing at inference. The fusions of the
 * training code are not repeated here: ONNX engines fuse for themselves.
 */
final class OnnxEmitter {
    private OnnxEmitter() {}

    static MethodSpec emit(Plan plan) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("describeOnnx").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED).returns(String.class).addParameter(Types.ONNX_GRAPH, "g");
        Map<String, String> out = new HashMap<>();
        Map<String, Shape> shapes = new HashMap<>();
        out.put(Graph.INPUT, "input");
        shapes.put(Graph.INPUT, plan.shaped().input());
        Map<String, List<ShapedLayer>> rows = new HashMap<>();
        for (ShapedLayer row : plan.shaped().layers()) {
            rows.computeIfAbsent(row.node().name(), k -> new java.util.ArrayList<>()).add(row);
        }
        for (Node node : plan.shaped().graph().nodes()) {
            List<String> ins = node.inputs().stream().map(out::get).toList();
            List<ShapedLayer> nodeRows = rows.get(node.name());
            String last = node instanceof Node.Unit u
                    ? unit(m, u, nodeRows.get(0), ins, shapes.get(node.inputs().get(0)))
                    : shortcut(m, (Node.Shortcut) node, ins, shapes.get(node.inputs().get(1)), nodeRows.get(nodeRows.size() - 1).output());
            out.put(node.name(), last);
            shapes.put(node.name(), nodeRows.get(nodeRows.size() - 1).output());
        }
        return m.addStatement("return $S", out.get(plan.shaped().graph().output())).build();
    }

    private static String unit(MethodSpec.Builder m, Node.Unit u, ShapedLayer row, List<String> ins, Shape in) {
        String n = u.name();
        LayerDecl l = u.layer();
        String cur = ins.get(0);
        if (l.merge().isPresent()) {
            cur = step(m, n + "/merge", CodeBlock.of("g.$L($S, $L)", l.merge().get().concat() ? "concat" : "add", n + "/merge",
                    CodeBlock.join(ins.stream().map(i -> CodeBlock.of("$S", i)).toList(), ", ")));
        }
        if (l.flatten().isPresent() && in.isMap()) {
            cur = step(m, n + "/flatten", CodeBlock.of("g.flatten($S, $S)", n + "/flatten", cur));
        }
        if (l.linear().isPresent()) {
            boolean bias = row.tensors().stream().anyMatch(t -> t.name().equals(n + ".bias"));
            CodeBlock b = bias ? CodeBlock.of("$S", n + ".bias") : CodeBlock.of("null");
            if (l.linear().get() instanceof Spec.Conv c) {
                cur = step(m, n + "/linear", CodeBlock.of("g.conv($S, $S, $S, $L, $L, $L, $L, $L)", n + "/linear", cur, n + ".weight", b,
                        c.kernel(), c.stride(), c.padding(), c.dilation()));
            } else {
                cur = step(m, n + "/linear", CodeBlock.of("g.dense($S, $S, $S, $L)", n + "/linear", cur, n + ".weight", b));
            }
        }
        if (l.batchNorm().isPresent()) {
            String p = l.linear().isPresent() ? n + ".bn" : n;
            cur = step(m, n + "/bn", CodeBlock.of("g.batchNorm($S, $S, $S, $S, $S, $S, $L)", n + "/bn", cur, p + ".weight", p + ".bias",
                    p + ".running_mean", p + ".running_var", l.batchNorm().get().epsilon()));
        }
        if (l.activation().isPresent()) {
            Spec.Activation a = l.activation().get();
            String s = n + "/activation";
            cur = step(m, s, switch (a.kind()) {
                case RELU -> CodeBlock.of("g.relu($S, $S)", s, cur);
                case LEAKY_RELU -> CodeBlock.of("g.leakyRelu($S, $S, $L)", s, cur, a.slope());
                case TANH -> CodeBlock.of("g.tanh($S, $S)", s, cur);
                case SIGMOID -> CodeBlock.of("g.sigmoid($S, $S)", s, cur);
            });
        }
        if (l.pool().isPresent()) {
            Spec.Pool p = l.pool().get();
            boolean max = p.type() == PoolType.MAX;
            int stride = p.stride() == dev.kiln.dsl.Pool.SIZE ? p.size() : p.stride();
            cur = step(m, n + "/pool", p.global() ? CodeBlock.of("g.globalPool($S, $S, $L)", n + "/pool", cur, max)
                    : CodeBlock.of("g.pool($S, $S, $L, $L, $L, $L)", n + "/pool", cur, max, p.size(), stride, p.padding()));
        }
        return cur; // dropout: nothing at inference
    }

    private static String shortcut(MethodSpec.Builder m, Node.Shortcut s, List<String> ins, Shape x, Shape out) {
        String n = s.name();
        String branch = ins.get(1);
        if (!out.equals(x) && s.spec().shortcut() == Shortcut.ZERO_PAD) {
            branch = step(m, n + "/pad", CodeBlock.of("g.zeroPadShortcut($S, $S, $L, $L, $L)", n + "/pad", branch, s.stride(),
                    x.channels(), out.channels()));
        } else if (!out.equals(x)) {
            String p = n + ".shortcut";
            branch = step(m, p + "/linear", CodeBlock.of("g.conv($S, $S, $S, null, 1, $L, 0, 1)", p + "/linear", branch,
                    p + ".conv.weight", s.stride()));
            branch = step(m, p + "/bn", CodeBlock.of("g.batchNorm($S, $S, $S, $S, $S, $S, 1.0E-5)", p + "/bn", branch, p + ".bn.weight",
                    p + ".bn.bias", p + ".bn.running_mean", p + ".bn.running_var"));
        }
        String sum = step(m, n + "/add", CodeBlock.of("g.add($S, $S, $S)", n + "/add", ins.get(0), branch));
        return s.spec().reluAfter() ? step(m, n + "/relu", CodeBlock.of("g.relu($S, $S)", n + "/relu", sum)) : sum;
    }

    private static String step(MethodSpec.Builder m, String name, CodeBlock call) {
        m.addStatement(call);
        return name;
    }
}
