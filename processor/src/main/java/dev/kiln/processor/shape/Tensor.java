package dev.kiln.processor.shape;

import java.util.List;

/**
 * A parameter or state tensor, named PyTorch-style ({@code stage1.0.conv1.weight},
 * {@code stem.bn.running_mean}). Trainable tensors count as parameters; BN running statistics
 * are state.
 */
public record Tensor(String name, List<Integer> shape, boolean trainable) {
    public Tensor {
        shape = List.copyOf(shape);
    }

    public long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
