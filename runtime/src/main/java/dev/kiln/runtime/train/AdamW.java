package dev.kiln.runtime.train;

/**
 * AdamW ({@code torch.optim.AdamW}, Loshchilov and Hutter, no AMSGrad): Adam with weight decay
 * decoupled from the gradient, so the decay is not scaled by the adaptive step. For each
 * element, with t the parameter's step count from 1:
 *
 * <pre>
 * w = w − lr · wd · w                             (first; wd 0 where the DecayPolicy spares the parameter)
 * m = β1 · m + (1 − β1) · grad                    (m and v start at 0)
 * v = β2 · v + (1 − β2) · grad²
 * w = w − lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)
 * </pre>
 *
 * State and checkpoint names are {@link Adam}'s.
 */
public final class AdamW extends AdamBase {
    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01 on every parameter. */
    public AdamW(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8, 0.01, DecayPolicy.ALL);
    }

    public AdamW(double learningRate, double beta1, double beta2, double eps, double weightDecay, DecayPolicy decay) {
        super("AdamW", true, learningRate, beta1, beta2, eps, weightDecay, decay);
    }
}
