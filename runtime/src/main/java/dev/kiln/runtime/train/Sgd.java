package dev.kiln.runtime.train;

import dev.kiln.runtime.arrays.Buf;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay, with
 * PyTorch's semantics ({@code torch.optim.SGD}, no dampening). For each element of each parameter:
 *
 * <pre>
 * g = grad + weightDecay · w                   (weightDecay 0 where the DecayPolicy spares the parameter)
 * v = momentum · v + g                         (v starts at 0, so the first step has v = g)
 * w = w − lr · (nesterov ? g + momentum · v : v)
 * </pre>
 *
 * With momentum 0 there is no velocity and the update is {@code w −= lr · g}. The velocity of
 * each parameter is a {@code double[]} made on the parameter's first step and kept by name;
 * later steps allocate nothing. In a checkpoint it is {@code optimizer.<parameter>.momentum_buffer},
 * PyTorch's name.
 */
public final class Sgd implements Optimizer {
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final DecayPolicy decay;
    private final SlotTable slots;
    private double learningRate;

    /** Weight decay on every parameter ({@link DecayPolicy#ALL}), as {@code torch.optim.SGD}. */
    public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
        this(learningRate, momentum, nesterov, weightDecay, DecayPolicy.ALL);
    }

    public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay, DecayPolicy decay) {
        setLearningRate(learningRate);
        this.momentum = Settings.nonNegative("Sgd", "momentum", momentum);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum needs a momentum > 0, but it is 0");
        }
        this.nesterov = nesterov;
        this.weightDecay = Settings.nonNegative("Sgd", "weight decay", weightDecay);
        this.decay = Objects.requireNonNull(decay, "Sgd: decay policy");
        this.slots = new SlotTable("Sgd", momentum == 0 ? List.of() : List.of("momentum_buffer"), false);
    }

    @Override
    public void step(List<Parameter> parameters) {
        slots.begin(parameters); // checks everything before changing anything
        double lr = learningRate;
        for (int k = 0; k < parameters.size(); k++) { // indexed: no iterator per step
            Parameter p = parameters.get(k);
            SlotTable.Slot s = slots.slot(p.name());
            Buf w = s.value;
            Buf grad = s.gradient;
            double wd = decay.rate(p.kind(), weightDecay);
            double[] v = momentum == 0 ? null : s.buffers[0];
            for (int i = 0, n = w.length(); i < n; i++) {
                double wi = w.get(i);
                double g = grad.get(i) + wd * wi;
                double update = g;
                if (v != null) {
                    v[i] = momentum * v[i] + g;
                    update = nesterov ? g + momentum * v[i] : v[i];
                }
                w.set(i, wi - lr * update);
            }
        }
        slots.end();
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double lr) {
        this.learningRate = Settings.nonNegative("Sgd", "learning rate", lr);
    }

    @Override
    public long steps() {
        return slots.steps;
    }

    @Override
    public Map<String, INDArray> state() {
        return slots.export();
    }

    @Override
    public void load(Map<String, INDArray> state, List<Parameter> parameters) {
        long steps = StateCodec.check(slots, state, parameters);
        slots.restore(state, steps, parameters);
    }
}
