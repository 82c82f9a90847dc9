package dev.kiln.processor.plan;

import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.shape.ShapedGraph;
import dev.kiln.processor.shape.Tensor;
import java.util.List;

/**
 * The schedule the generated class follows: its fields (parameters, kernel instances, planned
 * buffers), and per top-level method the forward steps and, in reverse order, the backward
 * steps, each a list of typed kernel calls ({@link Op}); {@code emit} alone turns them into Java.
 * Buffer shapes are logical ({@code [C,H,W]} for a map); under {@link Layout#CHANNELS_LAST} a map buffer is
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

    /**
     * A parameter or state tensor and its field in the holder it lives in: trainable ones in
     * {@code params} (with a field of the same name in {@code grads}), the rest in {@code state}.
     */
    public record ParamField(Tensor tensor, String field, String kind, Init init) {
        public boolean trainable() {
            return tensor.trainable();
        }
    }

    /** A kernel instance the network keeps across steps, made with {@code args}. */
    public record KernelField(String field, Kernel kernel, List<Arg> args) {
        public KernelField {
            args = List.copyOf(args);
        }
    }

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

        /** Whether its forward differs in training and inference (batch norm, dropout). */
        public boolean forwardUsesMode() {
            return forward.stream().anyMatch(s -> s.differsAtInference() || s.ops().stream().anyMatch(Op::usesMode));
        }
    }

    /**
     * The kernel calls of one layer, under a comment naming it; {@code reason}, when not null,
     * says why the step runs where it does ({@code put off until …}). {@code inference}, when not
     * null, is what the step runs instead at inference ({@link dev.kiln.processor.plan.fuse.FoldNormIntoConv}:
     * a convolution and its batch norm as one call), possibly nothing.
     */
    public record Step(String comment, String reason, List<Op> ops, List<Op> inference) {
        public Step {
            ops = List.copyOf(ops);
            inference = inference == null ? null : List.copyOf(inference);
        }

        public Step(String comment, String reason, List<Op> ops) {
            this(comment, reason, ops, null);
        }

        public Step(String comment, List<Op> ops) {
            this(comment, null, ops, null);
        }

        /** This step with {@code ops} run instead at inference. */
        public Step withInference(List<Op> ops) {
            return new Step(comment, reason, this.ops, ops);
        }

        /** Whether the step runs other calls at inference than in training. */
        public boolean differsAtInference() {
            return inference != null;
        }
    }

    /** The planned buffer named {@code field}. */
    public Buffer buffer(String field) {
        return buffers.stream().filter(b -> b.field().equals(field)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no planned buffer " + field));
    }

    /** Elements of parameters, gradients and state: independent of the batch size. */
    public long fixedElements() {
        return params.stream().mapToLong(p -> p.tensor().size() * (p.trainable() ? 2 : 1)).sum();
    }

    /** Elements of planned buffers per example (views and aliases share memory and are not counted). */
    public long elementsPerExample() {
        return buffers.stream().filter(Buffer::allocated).mapToLong(Buffer::elementsPerExample).sum();
    }
}
