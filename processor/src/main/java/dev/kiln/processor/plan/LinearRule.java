package dev.kiln.processor.plan;

import dev.kiln.processor.model.Spec;
import java.util.List;

/**
 * {@code @Conv} and {@code @Dense}: weights (He), an optional bias (zero); backward writes the
 * weight and bias gradients and, when something earlier needs it, the input's gradient.
 */
final class LinearRule implements PartRule {
    @Override
    public boolean applies(UnitDraft u) {
        return u.layer.linear().isPresent();
    }

    @Override
    public void plan(UnitDraft u) {
        String n = u.name;
        String x = u.current;
        boolean bias = u.row.tensors().stream().anyMatch(t -> t.name().equals(n + ".bias"));
        Plan.ParamField w = u.params.add(u.row, n + ".weight", "WEIGHT", Plan.Init.HE);
        Plan.ParamField b = bias ? u.params.add(u.row, n + ".bias", "BIAS", Plan.Init.ZERO) : null;
        u.shape = u.layer.pool().isPresent() ? u.row.beforePool() : u.row.output();
        String y = u.newBuffer("Lin", "linear", u.shape);
        Arg bArg = b == null ? new Arg.Absent("b") : ParamTable.value("b", b);
        Arg dbArg = b == null ? new Arg.Absent("db") : ParamTable.gradient("db", b);
        Kernel kernel;
        String instance;
        if (u.layer.linear().get() instanceof Spec.Conv c) {
            Plan.KernelField conv = u.kernels.add(n, "Conv", Kernel.CONV2D, new Arg.Int("kernel", c.kernel()),
                    new Arg.Int("stride", c.stride()), new Arg.Int("padding", c.padding()), new Arg.Int("dilation", c.dilation()),
                    Arg.flag("channelsLast", u.channelsLast));
            kernel = Kernel.CONV2D;
            instance = conv.field();
        } else {
            kernel = Kernel.DENSE;
            instance = null;
        }
        u.forward.add(new Op(kernel, instance, "forward",
                List.of(Arg.buffer("x", x), ParamTable.value("w", w), bArg, Arg.buffer("y", y))));
        u.backward.add((ops, dOut) -> {
            String dx = u.gradientOrNull(x);
            ops.add(new Op(kernel, instance, "backward", List.of(Arg.buffer("x", x), ParamTable.value("w", w),
                    Arg.buffer("dy", dOut), Arg.bufferOrAbsent("dx", dx), u.accumulate(dx), ParamTable.gradient("dw", w), dbArg)));
            return dx;
        });
        u.current = y;
        u.owned = true;
    }
}
