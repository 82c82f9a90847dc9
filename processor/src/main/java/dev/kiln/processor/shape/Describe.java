package dev.kiln.processor.shape;

import dev.kiln.processor.model.Spec;
import java.util.List;

/** Short words for what a layer computes, as the summary's "kind" column shows them. */
final class Describe {
    private Describe() {}

    static String conv(Spec.Conv c) {
        StringBuilder s = new StringBuilder("conv ").append(c.kernel()).append('×').append(c.kernel());
        if (c.stride() != 1) {
            s.append('/').append(c.stride());
        }
        if (c.dilation() != 1) {
            s.append(" d").append(c.dilation());
        }
        return s.toString();
    }

    /** {@code [N,1,2000000008,2000000008]}: an example's dimensions, which may be past {@code int}, with the batch. */
    static String dims(List<? extends Number> dims) {
        StringBuilder s = new StringBuilder("[N");
        dims.forEach(d -> s.append(',').append(d));
        return s.append(']').toString();
    }

    static String activation(Spec.Activation a) {
        return switch (a.kind()) {
            case RELU -> "relu";
            case LEAKY_RELU -> "leakyrelu " + a.slope();
            case TANH -> "tanh";
            case SIGMOID -> "sigmoid";
        };
    }
}
