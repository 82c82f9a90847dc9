package dev.kiln.processor.shape;

import dev.kiln.dsl.Shortcut;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.Declaration;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.Limits;
import dev.kiln.processor.resolve.Graph;
import dev.kiln.processor.resolve.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code shape} stage: every tensor's shape inferred from the model's input, every
 * parameter's shape and count, the multiply-accumulates of each layer. A node whose inputs
 * failed is skipped, so one mistake gives one error, not a cascade.
 */
public final class ShapeInference {
    private final Report report;
    private final UnitShapes units;
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Map<String, String> previous = new HashMap<>();

    private ShapeInference(Report report) {
        this.report = report;
        this.units = new UnitShapes(report);
    }

    /** The shaped graph, or empty when a shape error (reported) was found. */
    public static Optional<ShapedGraph> infer(Graph graph, Report report) {
        return new ShapeInference(report).run(graph);
    }

    private Optional<ShapedGraph> run(Graph graph) {
        Declaration.InputSpec in = graph.model().input().orElseThrow();
        Shape input = Shape.map(in.channels(), in.height(), in.width());
        if (!Limits.fits(input.dims())) {
            report.error(Code.TENSOR_TOO_LARGE, in.ref(), graph.model().simpleName(), "the input " + input,
                    Limits.elements(input.dims()), "use smaller images or fewer channels.");
            return Optional.empty();
        }
        shapes.put(Graph.INPUT, input);
        List<ShapedLayer> layers = new ArrayList<>();
        boolean ok = true;
        for (Node node : graph.nodes()) {
            List<Shape> ins = node.inputs().stream().map(shapes::get).toList();
            if (ins.contains(null)) {
                ok = false;
                continue;
            }
            previous.put(node.name(), node.inputs().get(0));
            List<ShapedLayer> rows = node instanceof Node.Unit u
                    ? units.infer(u, ins, () -> path(node)).map(List::of).orElse(List.of())
                    : shortcut((Node.Shortcut) node, ins.get(0), ins.get(1));
            if (rows.isEmpty()) {
                ok = false;
                continue;
            }
            layers.addAll(rows);
            shapes.put(node.name(), rows.get(rows.size() - 1).output());
        }
        ok &= stacksKeepShape(graph);
        if (!ok) {
            return Optional.empty();
        }
        Shape output = shapes.get(graph.output());
        if (output.isMap()) {
            LayerDecl last = graph.model().layers().get(graph.model().layers().size() - 1);
            report.error(Code.OUTPUT_NOT_VECTOR, last.ref(), last.name(), output);
            return Optional.empty();
        }
        return Optional.of(new ShapedGraph(graph, input, layers));
    }

    private List<ShapedLayer> shortcut(Node.Shortcut node, Shape block, Shape x) {
        String kind = "add" + (node.spec().reluAfter() ? " +relu" : "");
        if (block.equals(x)) {
            return List.of(new ShapedLayer(node.name(), kind + " (identity shortcut)", block, List.of(), 0, node));
        }
        String mismatch = mismatch(node, block, x);
        if (mismatch != null) {
            report.error(Code.RESIDUAL_SHAPE_MISMATCH, node.spec().ref(), node.name(), block, x, mismatch);
            return List.of();
        }
        if (node.spec().shortcut() == Shortcut.ZERO_PAD) {
            return List.of(new ShapedLayer(node.name(), kind + " (zero-pad shortcut)", block, List.of(), 0, node));
        }
        String p = node.name() + ".shortcut";
        List<Integer> weight = List.of(block.channels(), x.channels(), 1, 1);
        if (!Limits.fits(weight)) {
            report.error(Code.TENSOR_TOO_LARGE, node.spec().ref().at("filters"), node.name(), "the projection's weight "
                    + p + ".conv.weight " + weight, Limits.elements(weight), "use fewer filters, or shortcut = ZERO_PAD.");
            return List.of();
        }
        List<Tensor> tensors = List.of(
                new Tensor(p + ".conv.weight", weight, true),
                new Tensor(p + ".bn.weight", List.of(block.channels()), true),
                new Tensor(p + ".bn.bias", List.of(block.channels()), true),
                new Tensor(p + ".bn.running_mean", List.of(block.channels()), false),
                new Tensor(p + ".bn.running_var", List.of(block.channels()), false));
        long macs = (long) block.channels() * x.channels() * block.height() * block.width();
        String conv = "conv 1×1" + (node.stride() != 1 ? "/" + node.stride() : "") + " +bn (projection)";
        return List.of(new ShapedLayer(p, conv, block, tensors, macs, node),
                new ShapedLayer(node.name(), kind + " (projection shortcut)", block, List.of(), 0, node));
    }

    /** Why the policy cannot make {@code x} match {@code block}, or null when it can. */
    private static String mismatch(Node.Shortcut node, Shape block, Shape x) {
        Shortcut policy = node.spec().shortcut();
        if (policy == Shortcut.IDENTITY) {
            return "shortcut = IDENTITY allows no shape change; use shortcut = PROJECTION or ZERO_PAD, or keep the block's shape.";
        }
        if (!block.isMap() || !x.isMap()) {
            return "a shortcut can only match feature maps [N,C,H,W]; keep the block's output the shape of its input.";
        }
        int s = node.stride();
        int h = Windows.subsampled(x.height(), s);
        int w = Windows.subsampled(x.width(), s);
        if (h != block.height() || w != block.width()) {
            return "the block turns " + x.height() + "×" + x.width() + " into " + block.height() + "×" + block.width()
                    + ", but a stride-" + s + " shortcut gives " + h + "×" + w
                    + "; change sizes only with stride = Conv.BLOCK_STRIDE in the block.";
        }
        if (policy == Shortcut.ZERO_PAD && block.channels() < x.channels()) {
            return "ZERO_PAD can only add channels, not remove " + (x.channels() - block.channels())
                    + "; use shortcut = PROJECTION.";
        }
        return null;
    }

    private boolean stacksKeepShape(Graph graph) {
        boolean ok = true;
        for (Graph.StackRepeat r : graph.stackRepeats()) {
            Shape from = shapes.get(r.from());
            Shape to = shapes.get(r.to());
            if (from != null && to != null && !from.equals(to)) {
                report.error(Code.STACK_SHAPE_CHANGE, r.spec().ref(), r.layer(), r.index() + 1, from, to, r.block());
                ok = false;
            }
        }
        return ok;
    }

    /** {@code input [N,1,28,28] → stem [N,16,28,28] → stage2.0.conv1}: how data reached {@code node}. */
    private String path(Node node) {
        List<String> steps = new ArrayList<>();
        String at = node.inputs().get(0);
        while (at != null && steps.size() < 6) {
            steps.add(0, at + " " + shapes.get(at));
            at = previous.get(at);
        }
        String head = at != null ? "… → " : "";
        return head + String.join(" → ", steps) + " → " + node.name();
    }
}
