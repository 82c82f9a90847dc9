package dev.kiln.processor.plan;

import dev.kiln.processor.shape.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The planned buffers: activations, their gradients (created when first needed; a view's
 * gradient is the same view of its base's gradient), and which gradient buffers backward has
 * written so far, which decides whether the next write overwrites or accumulates (fan-out).
 */
final class BufferTable {
    private final Names names;
    private final List<Plan.Buffer> buffers = new ArrayList<>();
    private final Map<String, Plan.Buffer> byField = new HashMap<>();
    private final Map<String, String> gradientOf = new HashMap<>();
    private final Map<String, Boolean> needsGradient = new HashMap<>();
    private final Set<String> written = new HashSet<>();
    /** Gradient field → writes into it put off until it is read, in the order they were put off. */
    private final Map<String, List<Deferred>> deferred = new HashMap<>();

    /** A write into a gradient put off until it is read: the step's comment, and its call given whether it accumulates. */
    private record Deferred(String comment, String reason, Function<Boolean, Op> call) {}

    BufferTable(Names names) {
        this.names = names;
    }

    /**
     * A new activation buffer for layer {@code dotted}, named by what it holds ({@code "BnRelu"});
     * {@code role} is what {@code Network.outputs()} calls the step that writes it
     * ({@code dotted/bn}), or null for a scratch buffer that is not an output.
     */
    String activation(String dotted, String suffix, String role, Shape shape, boolean needsGrad) {
        return add(new Plan.Buffer(names.field(dotted, suffix), shape.dims(), false, null, null,
                role == null ? null : dotted + "/" + role), needsGrad);
    }

    /** The network input's buffer, under a fixed name; nothing needs its gradient. */
    String activationNamed(String field, Shape shape) {
        return add(new Plan.Buffer(field, shape.dims(), false, null, null, field), false);
    }

    /** A reshape of {@code base} to {@code shape}, sharing its memory. */
    String view(String dotted, String suffix, String base, Shape shape) {
        return add(new Plan.Buffer(names.field(dotted, suffix), shape.dims(), false, base), needsGradient(base));
    }

    private String add(Plan.Buffer b, boolean needsGrad) {
        buffers.add(b);
        byField.put(b.field(), b);
        needsGradient.put(b.field(), needsGrad);
        return b.field();
    }

    boolean needsGradient(String field) {
        return needsGradient.getOrDefault(field, false);
    }

    /** The gradient buffer of activation {@code field}, created on first use. */
    String gradient(String field) {
        String g = gradientOf.get(field);
        if (g != null) {
            return g;
        }
        Plan.Buffer b = byField.get(field);
        String base = b.viewOf() == null ? null : gradient(b.viewOf());
        g = names.gradient(field);
        Plan.Buffer grad = new Plan.Buffer(g, b.shape(), true, base);
        buffers.add(grad);
        byField.put(g, grad);
        gradientOf.put(field, g);
        return g;
    }

    /**
     * Makes existing gradient buffer {@code g} the gradient of {@code field} as well, so that a
     * gradient that would be copied unchanged is read where it is; only for a field whose gradient
     * nothing has asked for yet and that is not a view. Returns whether it did.
     */
    boolean shareGradient(String field, String g) {
        if (gradientOf.containsKey(field) || byField.get(field).viewOf() != null || !needsGradient(field)) {
            return false;
        }
        gradientOf.put(field, g);
        return true;
    }

    /**
     * Records a write into gradient {@code g} and tells whether it must accumulate: true when an
     * earlier step of backward (another consumer of the same tensor) already wrote it.
     */
    boolean accumulate(String g) {
        String base = g;
        while (byField.get(base).viewOf() != null) {
            base = byField.get(base).viewOf();
        }
        return !written.add(base);
    }

    /**
     * Takes a forward buffer out of the plan when a fused kernel no longer writes it; its name
     * still answers {@link #gradient} and {@link #needsGradient}.
     */
    void drop(String field) {
        buffers.remove(byField.get(field));
    }

    /**
     * Puts off {@code dx += dy} (a gradient passed on unchanged) until {@link #flushDeferred}
     * for {@code dx}, which the planner calls just before {@code dx} is first read. The other
     * consumers of the tensor then write its gradient first, without accumulating (a
     * convolution's backward needs a scratch array to accumulate), and the pass adds. The
     * caller guarantees that nothing writes {@code dy} in between.
     */
    void deferPass(String dy, String dx, String comment, String reason) {
        deferCall(dx, comment, reason, acc -> Op.of(Kernel.GRAD, "pass", Arg.buffer("dy", dy), Arg.buffer("dx", dx), Arg.flag("accumulate", acc)));
    }

    /**
     * Puts off a call that writes gradient {@code dx} (overwriting, or accumulating when given
     * true) until {@link #flushDeferred}, as {@link #deferPass} does for a plain pass; the caller
     * guarantees that nothing the call reads changes in between.
     */
    void deferCall(String dx, String comment, String reason, Function<Boolean, Op> call) {
        deferred.computeIfAbsent(dx, k -> new ArrayList<>()).add(new Deferred(comment, reason, call));
    }

    /** The writes put off into gradient {@code g}, as steps, in the order they were put off; each now accumulates or not. */
    List<Plan.Step> flushDeferred(String g) {
        List<Deferred> pending = deferred.remove(g);
        if (pending == null) {
            return List.of();
        }
        List<Plan.Step> steps = new ArrayList<>();
        for (Deferred d : pending) {
            steps.add(new Plan.Step(d.comment(), d.reason(), List.of(d.call().apply(accumulate(g)))));
        }
        return steps;
    }

    /** Whether some step of backward has already written gradient {@code g}. */
    boolean written(String g) {
        return written.contains(g);
    }

    Plan.Buffer get(String field) {
        return byField.get(field);
    }

    List<Plan.Buffer> all() {
        return List.copyOf(buffers);
    }
}
