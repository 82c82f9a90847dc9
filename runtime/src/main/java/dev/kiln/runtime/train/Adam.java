package dev.kiln.runtime.train;

/**
 * Adam ({@code torch.optim.Adam}, no AMSGrad): bias-corrected first and second moments, and
 * weight decay as an L2 term in the gradient, so the decay is scaled by the adaptive step like
 * the gradient. For each element, with t the parameter's step count from 1:
 *
 * <pre>
 * g = grad + wd · w                               (wd 0 where the DecayPolicy spares the parameter)
 * m = β1 · m + (1 − β1) · g                       (m and v start at 0)
 * v = β2 · v + (1 − β2) · g²
 * w = w − lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)
 * </pre>
 *
 * m and v are {@code double[]} made on a parameter's first step; later steps allocate nothing.
 * In a checkpoint they are {@code optimizer.<parameter>.exp_avg} and {@code ….exp_avg_sq}, and
 * t is {@code ….step}, PyTorch's names. {@link AdamW} decouples the decay instead.
 */
public final class Adam extends AdamBase {
    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8, 0, DecayPolicy.ALL);
    }

    public Adam(double learningRate, double beta1, double beta2, double eps, double weightDecay, DecayPolicy decay) {
        super("Adam", false, learningRate, beta1, beta2, eps, weightDecay, decay);
    }
}
