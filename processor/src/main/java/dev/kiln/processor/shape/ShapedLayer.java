package dev.kiln.processor.shape;

import dev.kiln.processor.resolve.Node;
import java.util.List;

/**
 * One row of the model's account: a node (or a residual projection) with its output shape, its
 * tensors and its multiply-accumulates per example.
 *
 * @param name   dotted name, {@code stage2.0.shortcut}
 * @param kind   what it computes, {@code conv 3×3/2 +bn +relu}
 * @param node   the graph node it belongs to
 * @param beforePool the shape after conv/dense, batch norm and activation, before any pooling
 */
public record ShapedLayer(String name, String kind, Shape output, List<Tensor> tensors, long macs, Node node,
                          Shape beforePool) {
    public ShapedLayer {
        tensors = List.copyOf(tensors);
    }

    /** A row whose output is not pooled. */
    public ShapedLayer(String name, String kind, Shape output, List<Tensor> tensors, long macs, Node node) {
        this(name, kind, output, tensors, macs, node, output);
    }

    public long parameters() {
        return tensors.stream().filter(Tensor::trainable).mapToLong(Tensor::size).sum();
    }

    public long state() {
        return tensors.stream().filter(t -> !t.trainable()).mapToLong(Tensor::size).sum();
    }
}
