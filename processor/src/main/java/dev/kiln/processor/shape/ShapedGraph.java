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

    /**
     * The shape of the model's output: the last declared method's, which need not be the last
     * layer computed (a method declared before it may read it, unused).
     */
    public Shape output() {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).name().equals(graph.output())) {
                return layers.get(i).output();
            }
        }
        throw new IllegalStateException("no layer computes the output " + graph.output());
    }
}
