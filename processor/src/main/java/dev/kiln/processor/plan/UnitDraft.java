package dev.kiln.processor.plan;

import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.Spec;
import dev.kiln.processor.shape.Shape;
import dev.kiln.processor.shape.ShapedLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer unit while its parts are planned: what it is, what it reads, the forward calls and
 * backward stages so far, and the buffer and shape the next part reads. Activations and dropout
 * run in place on a buffer the unit {@code owned} when backward does not need the old value.
 */
final class UnitDraft {
    final String name;
    final LayerDecl layer;
    final ShapedLayer row;
    final List<String> inputs;
    final List<Shape> inputShapes;
    final boolean needsGrad;
    final BufferTable buffers;
    final ParamTable params;
    final KernelTable kernels;
    final boolean channelsLast;
    final List<Op> forward = new ArrayList<>();
    final List<UnitPlanner.Backward> backward = new ArrayList<>();
    /** The buffer the next part reads, and its logical shape. */
    String current;
    Shape shape;
    /** Whether {@link #current} is a buffer of this unit's own, which a later part may overwrite. */
    boolean owned;
    /** Whether the last part was an activation, whose backward needs its output kept. */
    boolean lastWasActivation;

    UnitDraft(String name, LayerDecl layer, ShapedLayer row, List<String> inputs, List<Shape> inputShapes, boolean needsGrad,
              BufferTable buffers, ParamTable params, KernelTable kernels, Layout layout) {
        this.name = name;
        this.layer = layer;
        this.row = row;
        this.inputs = List.copyOf(inputs);
        this.inputShapes = List.copyOf(inputShapes);
        this.needsGrad = needsGrad;
        this.buffers = buffers;
        this.params = params;
        this.kernels = kernels;
        this.channelsLast = layout == Layout.CHANNELS_LAST;
        this.current = inputs.get(0);
        this.shape = inputShapes.get(0);
    }

    /**
     * A new buffer written by {@code part} ({@code "Lin"}, {@code "Bn"}, …), named by what it
     * holds once the parts that run in place on it have run: {@code stemBnRelu} holds
     * relu(bn(conv(x))). {@code role} is its name in {@code Network.outputs()}.
     */
    String newBuffer(String part, String role, Shape shape) {
        return buffers.activation(name, part + inPlaceAfter(part), role, shape, needsGrad);
    }

    /** The names of the parts that will overwrite the buffer {@code part} writes. */
    private String inPlaceAfter(String part) {
        boolean act = layer.activation().isPresent();
        boolean pool = layer.pool().isPresent();
        boolean dropout = layer.dropout().isPresent();
        boolean last = switch (part) {
            case "Merged" -> layer.linear().isEmpty() && layer.batchNorm().isEmpty();
            case "Lin" -> layer.batchNorm().isEmpty();
            case "Bn" -> true;
            default -> false;
        };
        if (last) {
            return (act ? activationName(layer.activation().get()) : "") + (dropout && !pool && !act ? "Drop" : "");
        }
        return part.equals("Pool") && dropout ? "Drop" : "";
    }

    /** The gradient buffer of {@code x}, or null when nothing needs it. */
    String gradientOrNull(String x) {
        return buffers.needsGradient(x) ? buffers.gradient(x) : null;
    }

    /** Whether the write into {@code dx} adds to what an earlier consumer wrote, as the {@code accumulate} flag. */
    Arg accumulate(String dx) {
        return Arg.flag("accumulate", dx != null && buffers.accumulate(dx));
    }

    /** Backward of a kernel {@code kernel.backward(dy, dx, accumulate)} into input {@code x}'s gradient. */
    UnitPlanner.Backward toInput(Kernel kernel, Plan.KernelField instance, String x) {
        return (ops, dOut) -> {
            if (!buffers.needsGradient(x)) {
                return null;
            }
            String dx = buffers.gradient(x);
            ops.add(new Op(kernel, instance == null ? null : instance.field(), "backward",
                    List.of(Arg.buffer("dy", dOut), Arg.buffer("dx", dx), accumulate(dx))));
            return dx;
        };
    }

    /** The suffix naming what an activation's buffer holds: {@code Relu}, {@code LeakyRelu}, {@code Tanh}, {@code Sigmoid}. */
    static String activationName(Spec.Activation act) {
        return switch (act.kind()) {
            case RELU -> "Relu";
            case LEAKY_RELU -> "LeakyRelu";
            case TANH -> "Tanh";
            case SIGMOID -> "Sigmoid";
        };
    }
}
