package dev.kiln.processor.plan;

import dev.kiln.dsl.PoolType;
import dev.kiln.dsl.Shortcut;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.Spec;
import dev.kiln.processor.resolve.Graph;
import dev.kiln.processor.resolve.Node;
import dev.kiln.processor.shape.Shape;
import dev.kiln.processor.shape.ShapedGraph;
import dev.kiln.processor.shape.ShapedLayer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the generated class lays out its map buffers in memory: NCHW, or channels last
 * ({@code [N,H,W,C]}), where the convolutions run faster (docs/layout.md). A network
 * runs channels last only when every node has a channels-last kernel: convolution, batch norm,
 * element-wise activations, dropout, the add of an {@code @Add} merge or of an identity or
 * projection shortcut, global average pooling, and dense layers on vectors. Anything else keeps
 * the whole network NCHW: local pooling, global max pooling, concatenation, the zero-padded
 * shortcut, and flattening a map (channels last flattens in another order, which would change
 * what dense weights and checkpoints mean). Every shape the user sees stays NCHW either way.
 */
public enum Layout {
    NCHW, CHANNELS_LAST;

    /** What the processor option {@code kiln.layout} asks for: the planner's choice, or NCHW always. */
    public enum Preference { AUTO, NCHW }

    /** The layout for {@code shaped} under {@code preference}. */
    static Layout choose(ShapedGraph shaped, Preference preference) {
        if (preference == Preference.NCHW || !shaped.input().isMap()) {
            return NCHW;
        }
        Map<String, Shape> out = new HashMap<>();
        out.put(Graph.INPUT, shaped.input());
        for (ShapedLayer row : shaped.layers()) {
            out.put(row.node().name(), row.output());
        }
        boolean convolves = false;
        for (Node node : shaped.graph().nodes()) {
            if (node instanceof Node.Shortcut s) {
                if (s.spec().shortcut() == Shortcut.ZERO_PAD) {
                    return NCHW;
                }
                continue;
            }
            LayerDecl l = ((Node.Unit) node).layer();
            List<Shape> in = node.inputs().stream().map(out::get).toList();
            if (!suits(l, in.get(0))) {
                return NCHW;
            }
            convolves |= l.linear().isPresent() && l.linear().get() instanceof Spec.Conv;
        }
        return convolves ? CHANNELS_LAST : NCHW;
    }

    /** Whether a unit with this input has channels-last kernels for every part. */
    private static boolean suits(LayerDecl l, Shape input) {
        if (l.merge().isPresent() && l.merge().get().concat()) {
            return false;
        }
        if (l.flatten().isPresent() && input.isMap()) {
            return false;
        }
        if (l.pool().isPresent()) {
            Spec.Pool p = l.pool().get();
            return p.global() && p.type() == PoolType.AVG;
        }
        return true;
    }
}
