package dev.kiln.runtime.train;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor of a network and the gradient its backward pass writes into, both of one
 * shape and data type.
 *
 * @param name     unique within a network, e.g. {@code stage1_0_conv1Weight}; optimizers key their
 *                 state by it
 * @param value    updated in place by an {@link Optimizer}
 * @param gradient dL/d{@code value}, written by the backward pass before each step
 * @param kind     what role the tensor plays, so a trainer can treat kinds differently (for
 *                 example, no weight decay on biases and norm parameters)
 */
public record Parameter(String name, INDArray value, INDArray gradient, Kind kind) {
    /** The role of a parameter in its layer. */
    public enum Kind {
        /** A convolution or dense kernel. */
        WEIGHT,
        /** A convolution or dense bias. */
        BIAS,
        /** A normalisation layer's scale (gamma). */
        NORM_WEIGHT,
        /** A normalisation layer's shift (beta). */
        NORM_BIAS
    }

    public Parameter {
        Objects.requireNonNull(name, "Parameter: name");
        Objects.requireNonNull(value, () -> "Parameter " + name + ": value");
        Objects.requireNonNull(gradient, () -> "Parameter " + name + ": gradient");
        Objects.requireNonNull(kind, () -> "Parameter " + name + ": kind");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Parameter: name must not be blank");
        }
        if (!Arrays.equals(value.shape(), gradient.shape())) {
            throw new IllegalArgumentException("Parameter " + name + ": gradient must have the shape of value "
                    + Arrays.toString(value.shape()).replace(" ", "") + ", but is "
                    + Arrays.toString(gradient.shape()).replace(" ", ""));
        }
        if (value.dataType() != gradient.dataType()) {
            throw new IllegalArgumentException("Parameter " + name + ": gradient must have the data type of value "
                    + value.dataType() + ", but is " + gradient.dataType());
        }
    }
}
