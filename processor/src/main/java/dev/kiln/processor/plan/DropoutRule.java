package dev.kiln.processor.plan;

/**
 * {@code @Dropout}: a kernel with a random stream of its own (the network's seed plus the
 * kernel's index), one call for both modes; in place unless an activation's output, which its
 * backward needs, would be overwritten.
 */
final class DropoutRule implements PartRule {
    @Override
    public boolean applies(UnitDraft u) {
        return u.layer.dropout().isPresent();
    }

    @Override
    public void plan(UnitDraft u) {
        String x = u.current;
        String y = u.owned && !u.lastWasActivation ? x : u.newBuffer("Drop", "dropout", u.shape);
        Plan.KernelField k = u.kernels.add(u.name, "Dropout", Kernel.DROPOUT, new Arg.Real("rate", u.layer.dropout().get().rate()),
                new Arg.Seed("seed", u.kernels.size()));
        u.forward.add(Op.on(k, "forward", new Arg.Mode(), Arg.buffer("x", x), Arg.buffer("y", y)));
        UnitPlanner.Backward toInput = u.toInput(Kernel.DROPOUT, k, x);
        u.backward.add((ops, dOut) -> {
            if (x.equals(y)) {
                ops.add(Op.on(k, "backward", Arg.buffer("dy", dOut), Arg.buffer("dx", dOut), Arg.flag("accumulate", false)));
                return dOut;
            }
            return toInput.emit(ops, dOut);
        });
        u.current = y;
    }
}
