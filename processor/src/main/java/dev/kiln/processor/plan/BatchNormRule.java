package dev.kiln.processor.plan;

import dev.kiln.processor.model.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @BatchNorm}: scale (one), shift (zero) and running statistics; one call for both
 * modes. A ReLU right after it runs in the same kernel, one pass over memory less each way.
 * Backward needs the input, not the output (except the fused ReLU's output, as its mask), and
 * always yields dx: when nothing needs it, into a scratch buffer.
 */
final class BatchNormRule implements PartRule {
    @Override
    public boolean applies(UnitDraft u) {
        return u.layer.batchNorm().isPresent();
    }

    @Override
    public void plan(UnitDraft u) {
        Spec.BatchNorm bn = u.layer.batchNorm().get();
        String n = u.name;
        String p = u.layer.linear().isPresent() ? n + ".bn" : n;
        Plan.ParamField gamma = u.params.add(u.row, p + ".weight", "NORM_WEIGHT", Plan.Init.ONE);
        Plan.ParamField beta = u.params.add(u.row, p + ".bias", "NORM_BIAS", Plan.Init.ZERO);
        Plan.ParamField mean = u.params.add(u.row, p + ".running_mean", "STATE", Plan.Init.ZERO);
        Plan.ParamField var = u.params.add(u.row, p + ".running_var", "STATE", Plan.Init.ONE);
        Plan.KernelField k = u.kernels.add(n, "Bn", Kernel.BATCH_NORM, new Arg.Real("momentum", bn.momentum()),
                new Arg.Real("epsilon", bn.epsilon()), Arg.flag("channelsLast", u.channelsLast && u.shape.isMap()));
        String x = u.current;
        String y = u.newBuffer("Bn", "bn", u.shape);
        boolean relu = u.layer.activation().isPresent() && u.layer.activation().get().kind() == Spec.Activation.Kind.RELU;
        List<Arg> args = new ArrayList<>(List.of(new Arg.Mode(), Arg.buffer("x", x), ParamTable.value("gamma", gamma),
                ParamTable.value("beta", beta), ParamTable.value("runningMean", mean), ParamTable.value("runningVar", var),
                Arg.buffer("y", y)));
        if (relu) {
            args.add(Arg.flag("relu", true));
        }
        u.forward.add(new Op(Kernel.BATCH_NORM, k.field(), "forward", args));
        u.backward.add((ops, dOut) -> {
            boolean keep = u.buffers.needsGradient(x);
            String dx = keep ? u.buffers.gradient(x) : u.buffers.activation(n, "BnDxUnused", null, u.row.beforePool(), false);
            List<Arg> back = new ArrayList<>(List.of(Arg.buffer("x", x), ParamTable.value("gamma", gamma)));
            if (relu) {
                back.add(Arg.buffer("reluOut", y)); // the fused ReLU's output masks dOut
            }
            back.addAll(List.of(Arg.buffer("dy", dOut), Arg.buffer("dx", dx), Arg.flag("accumulate", keep && u.buffers.accumulate(dx)),
                    ParamTable.gradient("dgamma", gamma), ParamTable.gradient("dbeta", beta)));
            ops.add(new Op(Kernel.BATCH_NORM, k.field(), "backward", back));
            return keep ? dx : null;
        });
        u.current = y;
        u.owned = true;
        u.lastWasActivation = relu;
    }
}
