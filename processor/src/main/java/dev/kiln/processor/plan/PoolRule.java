package dev.kiln.processor.plan;

import dev.kiln.dsl.Pool;
import dev.kiln.dsl.PoolType;
import dev.kiln.processor.model.Spec;

/** {@code @Pool}: max or average, local or global; global average pooling is a static kernel, the rest keep an instance. */
final class PoolRule implements PartRule {
    @Override
    public boolean applies(UnitDraft u) {
        return u.layer.pool().isPresent();
    }

    @Override
    public void plan(UnitDraft u) {
        Spec.Pool p = u.layer.pool().get();
        String x = u.current;
        String y = u.newBuffer("Pool", "pool", u.row.output());
        Kernel kernel;
        Plan.KernelField instance = null;
        if (p.global() && p.type() == PoolType.AVG) {
            kernel = u.channelsLast ? Kernel.GLOBAL_AVG_POOL_CHANNELS_LAST : Kernel.GLOBAL_AVG_POOL;
        } else if (p.global()) {
            kernel = Kernel.GLOBAL_MAX_POOL;
            instance = u.kernels.add(u.name, "Pool", kernel);
        } else {
            int stride = p.stride() == Pool.SIZE ? p.size() : p.stride();
            kernel = p.type() == PoolType.AVG ? Kernel.AVG_POOL : Kernel.MAX_POOL;
            instance = u.kernels.add(u.name, "Pool", kernel, new Arg.Int("size", p.size()), new Arg.Int("stride", stride),
                    new Arg.Int("padding", p.padding()));
        }
        u.forward.add(new Op(kernel, instance == null ? null : instance.field(), "forward",
                java.util.List.of(Arg.buffer("x", x), Arg.buffer("y", y))));
        u.backward.add(u.toInput(kernel, instance, x));
        u.current = y;
        u.owned = true;
        u.lastWasActivation = false;
        u.shape = u.row.output();
    }
}
