package dev.kiln.processor.resolve;

import dev.kiln.dsl.Conv;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.Declaration;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.Limits;
import dev.kiln.processor.model.Spec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code resolve} stage: a model → a {@link Graph}. Blocks are expanded for every repeat
 * with dotted names, parameters are bound by name, block sentinels ({@code BLOCK_WIDTH},
 * {@code BLOCK_STRIDE}, {@code SAME}) become numbers, and wiring mistakes are reported.
 */
public final class Resolver {
    private final BlockLookup blocks;
    private final Report report;
    private final Map<String, Optional<List<LayerDecl>>> orders = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Graph.StackRepeat> stackRepeats = new ArrayList<>();
    private boolean failed;
    /** The model's method being expanded, to blame when the expansion outgrows {@link Limits#MAX_LAYERS}. */
    private LayerDecl top;
    private boolean tooMany;

    private Resolver(BlockLookup blocks, Report report) {
        this.blocks = blocks;
        this.report = report;
    }

    /** The expanded graph, or empty when a wiring error (reported) makes one impossible. */
    public static Optional<Graph> resolve(Declaration model, BlockLookup blocks, Report report) {
        Resolver r = new Resolver(blocks, report);
        Optional<String> out = r.expand(model, "", Graph.INPUT, 0, 1, new ArrayDeque<>());
        if (r.failed || out.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Graph(model, r.nodes, out.get(), r.stackRepeats));
    }

    /** Appends the nodes of {@code d} reading {@code input}; returns its output node's name. */
    private Optional<String> expand(Declaration d, String prefix, String input, int width, int stride,
                                    Deque<String> blockPath) {
        Optional<List<LayerDecl>> order = orders.computeIfAbsent(d.qualifiedName(), k -> Wiring.order(d, report));
        if (order.isEmpty()) {
            failed = true;
            return Optional.empty();
        }
        Map<String, String> outputs = new HashMap<>();
        outputs.put(Graph.INPUT, input);
        for (LayerDecl layer : order.get()) {
            List<String> in = layer.inputs().stream().map(p -> outputs.get(p.name())).toList();
            String name = prefix + layer.name();
            if (prefix.isEmpty()) {
                top = layer;
            }
            if (layer.repeat().isPresent()) {
                Optional<String> out = repeat(d, layer, layer.repeat().get(), name, in.get(0), blockPath);
                if (out.isEmpty()) {
                    failed = true;
                    return Optional.empty();
                }
                outputs.put(layer.name(), out.get());
            } else {
                Optional<LayerDecl> numbered = withNumbers(layer, width, stride);
                if (numbered.isEmpty() || !add(new Node.Unit(name, in, numbered.get(), d.simpleName()))) {
                    failed = true;
                    return Optional.empty();
                }
                outputs.put(layer.name(), name);
            }
        }
        List<LayerDecl> layers = d.layers();
        return layers.isEmpty() ? Optional.empty() : Optional.of(outputs.get(layers.get(layers.size() - 1).name()));
    }

    private Optional<String> repeat(Declaration owner, LayerDecl layer, Spec.Repeat spec, String name, String input,
                                    Deque<String> blockPath) {
        BlockLookup.Found found = blocks.find(spec.block());
        String simple = spec.block().substring(spec.block().lastIndexOf('.') + 1);
        if (found instanceof BlockLookup.Missing) {
            report.error(Code.MISSING_BLOCK, spec.ref().at("block"), layer.name(), spec.block());
            return Optional.empty();
        }
        if (found instanceof BlockLookup.NotABlock n) {
            report.error(Code.NOT_A_BLOCK, spec.ref().at("block"), layer.name(), n.simpleName(),
                    spec.annotation().substring(1), n.simpleName());
            return Optional.empty();
        }
        if (found instanceof BlockLookup.WithoutParameterNames w) {
            report.error(Code.BLOCK_WITHOUT_PARAMETER_NAMES, spec.ref().at("block"), layer.name(), w.simpleName());
            return Optional.empty();
        }
        if (!(found instanceof BlockLookup.Block b)) {
            return Optional.empty();
        }
        Declaration block = b.declaration();
        if (blockPath.contains(block.qualifiedName()) || block.qualifiedName().equals(owner.qualifiedName())) {
            List<String> path = new ArrayList<>();
            blockPath.descendingIterator().forEachRemaining(q -> path.add(q.substring(q.lastIndexOf('.') + 1)));
            path.add(owner.simpleName());
            path.add(simple);
            report.error(Code.BLOCK_CYCLE, spec.ref().at("block"), layer.name(), String.join(" → ", dedupeHead(path)));
            return Optional.empty();
        }
        blockPath.push(owner.qualifiedName());
        String current = input;
        for (int i = 0; i < Math.max(1, spec.repeat()); i++) {
            String repeatName = name + "." + i;
            int s = i == 0 ? spec.stride() : 1;
            Optional<String> out = expand(block, repeatName + ".", current, spec.filters(), s, blockPath);
            if (out.isEmpty()) {
                blockPath.pop();
                return Optional.empty();
            }
            if (spec.residual()) {
                if (!add(new Node.Shortcut(repeatName, List.of(out.get(), current), spec, s))) {
                    blockPath.pop();
                    return Optional.empty();
                }
                current = repeatName;
            } else {
                if (spec.reluAfter() && !StackActivation.apply(nodes, out.get(), spec, top.name(), report)) {
                    blockPath.pop();
                    return Optional.empty();
                }
                if (i > 0) {
                    stackRepeats.add(new Graph.StackRepeat(layer.name(), i, current, out.get(), block.simpleName(), spec));
                }
                current = out.get();
            }
        }
        blockPath.pop();
        return Optional.of(current);
    }

    /**
     * Appends {@code node}, or reports once that the model outgrew {@link Limits#MAX_LAYERS} and
     * returns false: a repeat of a billion stops here instead of expanding.
     */
    private boolean add(Node node) {
        if (nodes.size() < Limits.MAX_LAYERS) {
            nodes.add(node);
            return true;
        }
        if (!tooMany) {
            tooMany = true;
            String what = top.repeat().map(r -> "expanding " + r.annotation() + " repeat = " + String.format("%,d", r.repeat())
                    + " of " + r.block().substring(r.block().lastIndexOf('.') + 1)).orElse("the model's layers");
            report.error(Code.TOO_MANY_LAYERS, top.repeat().map(r -> r.ref().at("repeat")).orElse(top.ref()), top.name(),
                    what + " gives more than " + String.format("%,d", Limits.MAX_LAYERS) + " layers",
                    Limits.MAX_LAYERS, Limits.MAX_FIELDS, Limits.MAX_BUFFERS,
                    top.repeat().isPresent() ? "use fewer repeats or a smaller block." : "use fewer layers.");
        }
        return false;
    }

    private static List<String> dedupeHead(List<String> path) {
        int start = path.indexOf(path.get(path.size() - 1));
        return path.subList(start, path.size());
    }

    /**
     * The layer with block sentinels replaced by the block's width and stride, and SAME padding
     * made explicit; empty (reported) when the block width times {@code expansion} is more
     * channels than an array holds. A SAME padding past {@code int} is held at
     * {@code Integer.MAX_VALUE}, which the shape stage rejects as too large all the same.
     */
    Optional<LayerDecl> withNumbers(LayerDecl layer, int width, int stride) {
        if (layer.linear().isEmpty() || !(layer.linear().get() instanceof Spec.Conv c)) {
            return Optional.of(layer);
        }
        long wide = (long) width * c.expansion();
        if (c.filters() == Conv.BLOCK_WIDTH && wide > Limits.MAX_ELEMENTS) {
            report.error(Code.TENSOR_TOO_LARGE, c.ref().at("expansion"), layer.name(), "the output of @Conv, with expansion "
                    + c.expansion() + " × block width " + String.format("%,d", width) + " = " + String.format("%,d", wide)
                    + " channels,", wide, "use a smaller expansion or block width.");
            return Optional.empty();
        }
        int filters = c.filters() == Conv.BLOCK_WIDTH ? (int) wide : c.filters();
        int s = c.stride() == Conv.BLOCK_STRIDE ? stride : c.stride();
        int padding = c.padding() == Conv.SAME
                ? (int) Math.min(Integer.MAX_VALUE, (long) c.dilation() * (c.kernel() - 1) / 2) : c.padding();
        Spec.Conv resolved = new Spec.Conv(filters, c.kernel(), s, padding, c.dilation(), c.bias(), c.expansion(), c.ref());
        return Optional.of(new LayerDecl(layer.name(), layer.inputs(), layer.merge(), layer.flatten(), Optional.of(resolved),
                layer.batchNorm(), layer.activation(), layer.pool(), layer.dropout(), layer.repeat(),
                layer.suppressed(), layer.ref()));
    }
}
