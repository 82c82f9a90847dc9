package dev.kiln.processor.plan;

import dev.kiln.processor.model.Declaration;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.Spec;
import dev.kiln.processor.plan.fuse.FoldNormIntoConv;
import dev.kiln.processor.plan.fuse.NormIntoAdd;
import dev.kiln.processor.plan.fuse.ReluOfSum;
import dev.kiln.processor.resolve.Graph;
import dev.kiln.processor.resolve.Node;
import dev.kiln.processor.shape.Shape;
import dev.kiln.processor.shape.ShapedGraph;
import dev.kiln.processor.shape.ShapedLayer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code plan} stage: a shaped graph → the {@link Plan} the generated class follows. Forward
 * runs the nodes in graph order; backward is the same list reversed, starting from the loss's
 * gradient, each gradient written by its first consumer and accumulated by the others. Only
 * gradients something needs are computed: none for the network input.
 */
public final class Planner {
    /** Names the generated class uses for its own members; layer-derived names avoid them. */
    static final Set<String> RESERVED = Set.of("a", "seed", "init", "training", "dataType", "params", "grads", "state",
            "labels", "labelSmoothing", "batch", "type", "n", "SUMMARY", "FACTS", "PARAMETERS", "STATE", "MULTIPLY_ACCUMULATES",
            "FIXED_ELEMENTS", "ELEMENTS_PER_EXAMPLE", "Activations", "Params", "State", "input");

    private Planner() {}

    public static Plan plan(ShapedGraph shaped) {
        return plan(shaped, Layout.Preference.AUTO);
    }

    /** The plan, in the layout {@link Layout#choose} picks for {@code shaped} under {@code preference}. */
    public static Plan plan(ShapedGraph shaped, Layout.Preference preference) {
        Layout layout = Layout.choose(shaped, preference);
        // Buffers live in the nested Activations class, parameters and kernels in the network: two namespaces.
        Names fieldNames = new Names(RESERVED);
        BufferTable buffers = new BufferTable(new Names(RESERVED));
        ParamTable params = new ParamTable(fieldNames);
        KernelTable kernels = new KernelTable(fieldNames);
        UnitPlanner units = new UnitPlanner(buffers, params, kernels, layout);
        ShortcutPlanner shortcuts = new ShortcutPlanner(buffers, params, kernels, layout);
        Graph graph = shaped.graph();
        Declaration model = graph.model();

        Map<String, List<ShapedLayer>> rows = shaped.layers().stream()
                .collect(Collectors.groupingBy(r -> r.node().name(), LinkedHashMap::new, Collectors.toList()));
        Map<String, String> out = new HashMap<>();
        Map<String, Shape> shapes = new HashMap<>();
        out.put(Graph.INPUT, "input");
        shapes.put(Graph.INPUT, shaped.input());
        buffers.activationNamed("input", shaped.input());

        List<Node> nodes = graph.nodes();
        List<UnitPlanner.Result> results = new ArrayList<>();
        for (Node node : nodes) {
            List<String> ins = node.inputs().stream().map(out::get).toList();
            List<Shape> inShapes = node.inputs().stream().map(shapes::get).toList();
            List<ShapedLayer> nodeRows = rows.get(node.name());
            UnitPlanner.Result r;
            if (node instanceof Node.Unit u) {
                ShapedLayer row = nodeRows.get(0);
                boolean needsGrad = row.parameters() > 0 || ins.stream().anyMatch(buffers::needsGradient);
                r = units.plan(u.name(), u.layer(), row, ins, inShapes, needsGrad, comment(u.name(), u.layer(), u.declaredIn()));
            } else {
                Node.Shortcut s = (Node.Shortcut) node;
                Op lastNorm = takeLastNorm(results, ins.get(0));
                r = shortcuts.plan(s, nodeRows, ins.get(0), ins.get(1), inShapes.get(1), lastNorm);
            }
            results.add(r);
            out.put(node.name(), r.output());
            shapes.put(node.name(), nodeRows.get(nodeRows.size() - 1).output());
        }

        String logits = out.get(graph.output());
        String probs = buffers.activation("loss", "Probs", null, shaped.output(), false);
        String dLogits = buffers.gradient(logits);
        buffers.accumulate(dLogits);

        Map<String, List<Plan.Step>> backward = new HashMap<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            UnitPlanner.Result r = results.get(i);
            if (!buffers.needsGradient(r.output())) {
                continue;
            }
            List<Plan.Step> steps = backward.computeIfAbsent(method(node.name()), k -> new ArrayList<>());
            List<Plan.Step> passes = buffers.flushDeferred(buffers.gradient(r.output()));
            if (!buffers.written(buffers.gradient(r.output()))) {
                steps.addAll(passes);
                continue;
            }
            List<Op> ops = new ArrayList<>();
            String g = buffers.gradient(r.output());
            for (int s = r.backward().size() - 1; s >= 0 && g != null; s--) {
                g = r.backward().get(s).emit(ops, g);
            }
            String comment = "backward of " + r.forward().comment();
            steps.addAll(ReluOfSum.fuse(passes, new Plan.Step(comment, ops)));
        }

        List<Plan.Group> groups = new ArrayList<>();
        for (LayerDecl layer : model.layers()) {
            List<Plan.Step> fwd = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                if (method(nodes.get(i).name()).equals(layer.name())) {
                    fwd.add(results.get(i).forward());
                }
            }
            List<String> inputs = layer.inputs().stream().map(p -> outputOf(p.name(), nodes, results, out)).toList();
            groups.add(new Plan.Group(layer, inputs, outputOf(layer.name(), nodes, results, out), fwd,
                    backward.getOrDefault(layer.name(), List.of())));
        }
        List<Plan.KernelField> kernelFields = new ArrayList<>(kernels.all());
        if (layout == Layout.CHANNELS_LAST) {
            Set<String> taken = new HashSet<>();
            kernelFields.forEach(k -> taken.add(k.field()));
            params.all().forEach(p -> taken.add(p.field()));
            FoldNormIntoConv.Folding folding = FoldNormIntoConv.fold(groups, taken);
            groups = folding.groups();
            kernelFields.addAll(folding.kernels());
        }
        List<Op> backwardOrder = new ArrayList<>();
        for (int i = groups.size() - 1; i >= 0; i--) {
            groups.get(i).backward().forEach(step -> backwardOrder.addAll(step.ops()));
        }
        List<Plan.Buffer> shared = GradientSlots.share(buffers.all(), backwardOrder, List.of(dLogits));
        return new Plan(shaped, params.all(), kernelFields, shared, groups, "input", logits, dLogits, probs, layout);
    }

    /**
     * When the residual block's output is written by a plain batch norm as the last call of its
     * unit, takes that call out of the unit's step and returns it, so that the shortcut can run
     * it fused with the add ({@link NormIntoAdd}); otherwise null and nothing changes.
     */
    private static Op takeLastNorm(List<UnitPlanner.Result> results, String block) {
        for (int i = results.size() - 1; i >= 0; i--) {
            UnitPlanner.Result r = results.get(i);
            if (r.output().equals(block)) {
                Optional<NormIntoAdd.Split> split = NormIntoAdd.take(r.forward(), block);
                if (split.isEmpty()) {
                    return null;
                }
                results.set(i, new UnitPlanner.Result(split.get().rest(), r.backward(), r.output()));
                return split.get().norm();
            }
        }
        return null;
    }

    /** The output buffer of top-level method {@code name}: its last node's. */
    private static String outputOf(String name, List<Node> nodes, List<UnitPlanner.Result> results, Map<String, String> out) {
        if (name.equals(Graph.INPUT)) {
            return out.get(Graph.INPUT);
        }
        String last = null;
        for (int i = 0; i < nodes.size(); i++) {
            if (method(nodes.get(i).name()).equals(name)) {
                last = results.get(i).output();
            }
        }
        return last;
    }

    /** The top-level method a node belongs to: {@code stage1} for {@code stage1.0.conv1}. */
    static String method(String node) {
        int dot = node.indexOf('.');
        return dot < 0 ? node : node.substring(0, dot);
    }

    private static String comment(String name, LayerDecl layer, String declaredIn) {
        boolean fromStack = layer.activation().map(Spec.Activation::afterBlock).orElse(false);
        String parts = layer.parts().stream().filter(p -> !(p instanceof Spec.Activation a && a.afterBlock()))
                .map(Spec::annotation).collect(Collectors.joining(" "));
        return name + " (" + parts + ", " + declaredIn + "." + layer.name() + (fromStack ? "; then @Stack's ReLU after the block" : "") + ")";
    }
}
