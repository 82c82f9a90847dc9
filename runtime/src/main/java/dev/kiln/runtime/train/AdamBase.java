package dev.kiln.runtime.train;

import dev.kiln.runtime.arrays.Buf;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The update and state of {@link Adam} and {@link AdamW} (whose documentation gives the rules):
 * they differ only in where weight decay enters, an L2 term in the gradient or a decoupled
 * shrink of the weights.
 */
abstract sealed class AdamBase implements Optimizer permits Adam, AdamW {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final DecayPolicy decay;
    private final boolean decoupled;
    private final String owner;
    private final SlotTable slots;
    private double learningRate;

    AdamBase(String owner, boolean decoupled, double learningRate, double beta1, double beta2, double eps,
             double weightDecay, DecayPolicy decay) {
        this.owner = owner;
        this.decoupled = decoupled;
        setLearningRate(learningRate);
        this.beta1 = Settings.fraction(owner, "beta1", beta1);
        this.beta2 = Settings.fraction(owner, "beta2", beta2);
        this.eps = Settings.nonNegative(owner, "eps", eps);
        this.weightDecay = Settings.nonNegative(owner, "weight decay", weightDecay);
        this.decay = Objects.requireNonNull(decay, () -> owner + ": decay policy");
        this.slots = new SlotTable(owner, List.of("exp_avg", "exp_avg_sq"), true);
    }

    @Override
    public final void step(List<Parameter> parameters) {
        slots.begin(parameters); // checks everything before changing anything
        double lr = learningRate;
        for (int k = 0; k < parameters.size(); k++) { // indexed: no iterator per step
            Parameter p = parameters.get(k);
            SlotTable.Slot s = slots.slot(p.name());
            long t = ++s.count;
            double wd = decay.rate(p.kind(), weightDecay);
            double l2 = decoupled ? 0 : wd;
            double shrink = decoupled ? 1 - lr * wd : 1;
            double stepSize = lr / (1 - Math.pow(beta1, t));
            double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, t));
            Buf w = s.value;
            Buf grad = s.gradient;
            double[] m = s.buffers[0];
            double[] v = s.buffers[1];
            for (int i = 0, n = w.length(); i < n; i++) {
                double wi = w.get(i);
                double g = grad.get(i) + l2 * wi;
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                w.set(i, wi * shrink - stepSize * m[i] / (Math.sqrt(v[i]) / sqrtCorrection2 + eps));
            }
        }
        slots.end();
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double lr) {
        this.learningRate = Settings.nonNegative(owner, "learning rate", lr);
    }

    @Override
    public final long steps() {
        return slots.steps;
    }

    @Override
    public final Map<String, INDArray> state() {
        return slots.export();
    }

    @Override
    public final void load(Map<String, INDArray> state, List<Parameter> parameters) {
        long steps = StateCodec.check(slots, state, parameters);
        slots.restore(state, steps, parameters);
    }
}
