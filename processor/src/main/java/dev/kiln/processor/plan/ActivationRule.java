package dev.kiln.processor.plan;

import dev.kiln.processor.model.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @Relu}, {@code @LeakyRelu}, {@code @Tanh}, {@code @Sigmoid} (unless batch norm took
 * the ReLU): in place on a buffer the unit owns, as its backward needs only its output.
 */
final class ActivationRule implements PartRule {
    @Override
    public boolean applies(UnitDraft u) {
        return u.layer.activation().isPresent() && !u.lastWasActivation;
    }

    @Override
    public void plan(UnitDraft u) {
        Spec.Activation act = u.layer.activation().get();
        Kernel kernel = switch (act.kind()) {
            case RELU -> Kernel.RELU;
            case LEAKY_RELU -> Kernel.LEAKY_RELU;
            case TANH -> Kernel.TANH;
            case SIGMOID -> Kernel.SIGMOID;
        };
        List<Arg> slope = act.kind() == Spec.Activation.Kind.LEAKY_RELU ? List.of(new Arg.Real("slope", act.slope())) : List.of();
        String x = u.current;
        String y = u.owned ? x : u.newBuffer(UnitDraft.activationName(act), "activation", u.shape);
        u.forward.add(new Op(kernel, null, "forward", join(slope, Arg.buffer("x", x), Arg.buffer("y", y))));
        u.backward.add((ops, dOut) -> {
            String dx = x.equals(y) ? dOut : u.gradientOrNull(x);
            if (dx == null) {
                return null;
            }
            Arg accumulate = x.equals(y) ? Arg.flag("accumulate", false) : u.accumulate(dx);
            ops.add(new Op(kernel, null, "backward", join(slope, Arg.buffer("y", y), Arg.buffer("dy", dOut), Arg.buffer("dx", dx), accumulate)));
            return dx;
        });
        u.current = y;
        u.owned = true;
        u.lastWasActivation = true;
    }

    private static List<Arg> join(List<Arg> head, Arg... tail) {
        List<Arg> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
