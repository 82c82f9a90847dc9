package dev.kiln.runtime.train;

import dev.kiln.runtime.kernels.Buf;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay, with
 * PyTorch's semantics ({@code torch.optim.SGD}, no dampening). For each element of each parameter:
 *
 * <pre>
 * g = grad + weightDecay · w
 * v = momentum · v + g                         (v starts at 0, so the first step has v = g)
 * w = w − lr · (nesterov ? g + momentum · v : v)
 * </pre>
 *
 * With momentum 0 there is no velocity and the update is {@code w −= lr · g}. Weight decay
 * applies to every parameter it is given, whatever its {@link Parameter.Kind}; a trainer that
 * wants none on biases gives those to a second instance. The velocity of each parameter is a
 * {@code double[]} made on the parameter's first step and kept by name; later steps allocate
 * nothing.
 */
public final class Sgd implements Optimizer {
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private double learningRate;
    private final Map<String, State> states = new HashMap<>();
    private long steps;

    /** Per parameter: its velocity (empty without momentum) and the last step that updated it. */
    private static final class State {
        final double[] velocity;
        long lastStep;

        State(int length) {
            velocity = new double[length];
        }
    }

    public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
        setLearningRate(learningRate);
        if (!(momentum >= 0) || Double.isInfinite(momentum)) {
            throw new IllegalArgumentException("Sgd: momentum must be finite and ≥ 0, but is " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum needs a momentum > 0, but it is 0");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("Sgd: weight decay must be finite and ≥ 0, but is " + weightDecay);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(List<Parameter> parameters) {
        steps++;
        for (Parameter p : parameters) { // check everything before changing anything
            prepare(p);
        }
        for (Parameter p : parameters) {
            Buf w = Buf.of(p.value());
            Buf grad = Buf.of(p.gradient());
            double[] v = states.get(p.name()).velocity;
            double lr = learningRate;
            for (int i = 0, n = w.length(); i < n; i++) {
                double wi = w.get(i);
                double g = grad.get(i) + weightDecay * wi;
                double update = g;
                if (momentum != 0) {
                    v[i] = momentum * v[i] + g;
                    update = nesterov ? g + momentum * v[i] : v[i];
                }
                w.set(i, wi - lr * update);
            }
        }
    }

    /** Makes the parameter's state on its first step; rejects a changed size or a repeated name. */
    private void prepare(Parameter p) {
        int length = Math.toIntExact(p.value().length());
        State state = states.get(p.name());
        if (state == null) {
            state = new State(momentum == 0 ? 0 : length);
            states.put(p.name(), state);
        } else if (momentum != 0 && state.velocity.length != length) {
            throw new IllegalArgumentException("Sgd.step: parameter " + p.name() + " must keep its "
                    + state.velocity.length + " elements, but has " + length);
        }
        if (state.lastStep == steps) {
            throw new IllegalArgumentException("Sgd.step: parameter names must be unique, but "
                    + p.name() + " appears twice");
        }
        state.lastStep = steps;
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("Sgd: learning rate must be finite and ≥ 0, but is " + lr);
        }
        this.learningRate = lr;
    }
}
