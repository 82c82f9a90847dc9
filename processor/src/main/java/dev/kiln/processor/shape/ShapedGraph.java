package dev.kiln.processor.shape;

import dev.kiln.processor.resolve.Graph;
import java.util.List;

/** A graph with every shape, tensor and cost known: what the summary prints and the planner schedules. */
public record ShapedGraph(Graph graph, Shape input, List<ShapedLayer> layers) {
    public ShapedGraph {
        layers = List.copyOf(layers);
    }

    public long parameters() {
        return layers.stream().mapToLong(ShapedLayer::parameters).sum();
    }

    public long state() {
        return layers.stream().mapToLong(ShapedLayer::state).sum();
    }

    public long macs() {
        return layers.stream().mapToLong(ShapedLayer::macs).sum();
    }

    public Shape output() {
        return layers.get(layers.size() - 1).output();
    }
}
