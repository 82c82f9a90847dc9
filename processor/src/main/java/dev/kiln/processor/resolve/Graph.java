package dev.kiln.processor.resolve;

import dev.kiln.processor.model.Declaration;
import dev.kiln.processor.model.Spec;
import java.util.List;

/**
 * A model with its blocks expanded: nodes in an order where every node follows its inputs
 * (the forward order), the name of the output node, and the repeats of each {@code @Stack}
 * so the shape stage can check that only the first changes the shape.
 */
public record Graph(Declaration model, List<Node> nodes, String output, List<StackRepeat> stackRepeats) {

    public static final String INPUT = "input";

    /** Repeat {@code index} (≥ 1) of a stack, from node {@code from} to node {@code to}. */
    public record StackRepeat(String layer, int index, String from, String to, String block, Spec.Repeat spec) {}

    public Graph {
        nodes = List.copyOf(nodes);
        stackRepeats = List.copyOf(stackRepeats);
    }
}
