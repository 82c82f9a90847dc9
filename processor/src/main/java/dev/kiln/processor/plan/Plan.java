package dev.kiln.processor.plan;

import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.shape.ShapedGraph;
import dev.kiln.processor.shape.Tensor;
import java.util.List;

/**
 * The schedule the generated class follows: its fields (parameters, kernel instances, planned
 * buffers), and per top-level method the forward steps and, in reverse order, the backward
 * steps. Arguments are already Java expressions; {@code emit} only lays them out. Buffer shapes
 * are logical ({@code [C,H,W]} for a map); under {@link Layout#CHANNELS_LAST} a map buffer is
 * allocated {@code [N,H,W,C]}.
 */
public record Plan(
        ShapedGraph shaped,
        List<ParamField> params,
        List<KernelField> kernels,
        List<Buffer> buffers,
        List<Group> groups,
        String input,
        String logits,
        String dLogits,
        String probs,
        Layout layout) {

    public Plan {
        params = List.copyOf(params);
        kernels = List.copyOf(kernels);
        buffers = List.copyOf(buffers);
        groups = List.copyOf(groups);
    }

    /** How a parameter or state tensor starts. */
    public enum Init { HE, ZERO, ONE }

    /** A parameter ({@code gradient} non-null) or state tensor ({@code gradient} null) and its fields. */
    public record ParamField(Tensor tensor, String field, String gradient, String kind, Init init) {}

    /** A kernel instance kept across steps: {@code private final type field = new type(args);}. */
    public record KernelField(String field, String type, String args) {}

    /**
     * A buffer allocated once per batch size, {@code [N, shape…]}; a view ({@code viewOf}
     * non-null) is a reshape of another buffer sharing its memory; an alias ({@code aliasOf}
     * non-null) is another name for a gradient buffer whose life does not overlap its own.
     * {@code output}, when non-null, names what forward writes there for
     * {@code Network.outputs()}: {@code stage1.0.conv1/bn}.
     */
    public record Buffer(String field, List<Integer> shape, boolean gradient, String viewOf, String aliasOf, String output) {
        public Buffer {
            shape = List.copyOf(shape);
        }

        public Buffer(String field, List<Integer> shape, boolean gradient, String viewOf, String aliasOf) {
            this(field, shape, gradient, viewOf, aliasOf, null);
        }

        public Buffer(String field, List<Integer> shape, boolean gradient, String viewOf) {
            this(field, shape, gradient, viewOf, null, null);
        }

        /** Whether this buffer has memory of its own. */
        public boolean allocated() {
            return viewOf == null && aliasOf == null;
        }

        /** Whether this buffer holds a map, {@code [N,C,H,W]}, which channels last stores as {@code [N,H,W,C]}. */
        public boolean isMap() {
            return shape.size() == 3;
        }

        public long elementsPerExample() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * One method of the model interface: its forward and backward steps, the buffers holding
     * its inputs (one per parameter) and the buffer holding its output.
     */
    public record Group(LayerDecl method, List<String> inputs, String output, List<Step> forward, List<Step> backward) {
        public Group {
            inputs = List.copyOf(inputs);
            forward = List.copyOf(forward);
            backward = List.copyOf(backward);
        }
    }

    /** The statements of one layer, under a comment naming it. */
    public record Step(String comment, List<Call> calls) {
        public Step {
            calls = List.copyOf(calls);
        }
    }

    /**
     * {@code target.method(args…);}; when {@code inference} is non-null the step differs in
     * inference and renders as {@code if (training) … else …}.
     */
    public record Call(String target, String method, List<String> args, Call inference) {
        public Call {
            args = List.copyOf(args);
        }

        public static Call of(String target, String method, String... args) {
            return new Call(target, method, List.of(args), null);
        }
    }

    /** The planned buffer named {@code field}. */
    public Buffer buffer(String field) {
        return buffers.stream().filter(b -> b.field().equals(field)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no planned buffer " + field));
    }

    /** Elements of parameters, gradients and state: independent of the batch size. */
    public long fixedElements() {
        return params.stream().mapToLong(p -> p.tensor().size() * (p.gradient() == null ? 1 : 2)).sum();
    }

    /** Elements of planned buffers per example (views and aliases share memory and are not counted). */
    public long elementsPerExample() {
        return buffers.stream().filter(Buffer::allocated).mapToLong(Buffer::elementsPerExample).sum();
    }
}
