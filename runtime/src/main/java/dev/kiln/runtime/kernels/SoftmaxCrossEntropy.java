package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax followed by the cross-entropy against (optionally smoothed) integer labels, averaged
 * over the batch. {@code logits} and {@code probs} are {@code [N,K]}; {@code labels} holds at least
 * N class indices in {@code [0,K)}; label smoothing {@code ε ∈ [0,1]} gives the target
 * {@code t = (1−ε)·onehot(label) + ε/K}.
 *
 * <pre>
 * forward:  p_nk = exp(z_nk − m_n) / Σ_j exp(z_nj − m_n)           m_n = max_j z_nj
 *           L    = (1/N) Σ_n −Σ_k t_nk · log p_nk,   log p_nk = z_nk − m_n − log Σ_j exp(z_nj − m_n)
 * backward: dL/dz_nk = (p_nk − t_nk) / N
 * </pre>
 *
 * Subtracting the row maximum keeps every exponent ≤ 0, so logits of any magnitude are safe.
 * {@code probs} may be the same array as {@code logits}, and {@code dlogits} the same as {@code probs}.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /** Writes the softmax of each row of {@code logits} into {@code probs}; returns the mean loss. */
    public static double forward(INDArray logits, int[] labels, INDArray probs, double labelSmoothing) {
        requireShapes("SoftmaxCrossEntropy.forward", "probs", probs, logits, labels, labelSmoothing);
        int n = (int) logits.size(0);
        int k = (int) logits.size(1);
        Buf z = Buf.of(logits);
        Buf p = Buf.of(probs);
        double total = 0;
        for (int r = 0; r < n; r++) {
            int base = r * k;
            double max = Double.NEGATIVE_INFINITY;
            double sumZ = 0;
            for (int j = 0; j < k; j++) {
                double v = z.get(base + j);
                max = Math.max(max, v);
                sumZ += v;
            }
            double zLabel = z.get(base + labels[r]);
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double e = Math.exp(z.get(base + j) - max);
                p.set(base + j, e);
                sum += e;
            }
            double inv = 1 / sum;
            for (int j = 0; j < k; j++) {
                p.set(base + j, p.get(base + j) * inv);
            }
            double logNorm = max + Math.log(sum); // log Σ_j exp(z_j), so log p_j = z_j − logNorm
            // −Σ t_j log p_j with Σ_j log p_j = sumZ − K·logNorm
            total += (1 - labelSmoothing) * (logNorm - zLabel) + labelSmoothing * (logNorm - sumZ / k);
        }
        return total / n;
    }

    /** {@code dlogits = (probs − target) / N}, overwritten; {@code probs} is what forward wrote. */
    public static void backward(INDArray probs, int[] labels, double labelSmoothing, INDArray dlogits) {
        requireShapes("SoftmaxCrossEntropy.backward", "dlogits", dlogits, probs, labels, labelSmoothing);
        int n = (int) probs.size(0);
        int k = (int) probs.size(1);
        Buf p = Buf.of(probs);
        Buf d = Buf.of(dlogits);
        double spread = labelSmoothing / k;
        double hit = 1 - labelSmoothing;
        double invN = 1.0 / n;
        for (int r = 0; r < n; r++) {
            int base = r * k;
            int label = labels[r];
            for (int j = 0; j < k; j++) {
                double target = j == label ? hit + spread : spread;
                d.set(base + j, (p.get(base + j) - target) * invN);
            }
        }
    }

    private static void requireShapes(String where, String outName, INDArray out, INDArray in, int[] labels,
                                      double labelSmoothing) {
        String inName = outName.equals("probs") ? "logits" : "probs";
        if (in.rank() != 2 || in.size(0) < 1 || in.size(1) < 1) {
            throw new IllegalArgumentException(where + ": " + inName + " must be [N,K] with N, K ≥ 1, but is "
                    + ShapeChecks.shape(in));
        }
        if (!Arrays.equals(out.shape(), in.shape())) {
            throw new IllegalArgumentException(where + ": " + outName + " must be " + ShapeChecks.shape(in) + " like "
                    + inName + ", but is " + ShapeChecks.shape(out));
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(where + ": label smoothing must be in [0, 1], but is "
                    + labelSmoothing);
        }
        int n = (int) in.size(0);
        long k = in.size(1);
        if (labels.length < n) {
            throw new IllegalArgumentException(where + ": labels must hold at least " + n + " entries (one per row of "
                    + inName + " " + ShapeChecks.shape(in) + "), but has " + labels.length);
        }
        for (int r = 0; r < n; r++) {
            if (labels[r] < 0 || labels[r] >= k) {
                throw new IllegalArgumentException(where + ": the label of row " + r + " must be a class index in [0, "
                        + k + "), but is " + labels[r]);
            }
        }
    }
}
