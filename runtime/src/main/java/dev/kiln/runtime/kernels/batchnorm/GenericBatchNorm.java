package dev.kiln.runtime.kernels.batchnorm;

import dev.kiln.runtime.arrays.Buf;

/**
 * Batch norm's generic path, element by element through {@link Buf}: any FLOAT or DOUBLE layout
 * the float path does not take, and the float64 of the gradient checks. Channel {@code ch} of an
 * [N,C,H·W] tensor is the N runs {@code [(s·C + ch)·hw, … + hw)}.
 */
public final class GenericBatchNorm {
    private GenericBatchNorm() {}

    /** μ and Σ(x − μ)² of channel ch, as {mean, squares}. */
    public static double[] statistics(Buf in, int n, int c, int hw, int ch) {
        double sum = 0;
        for (int s = 0; s < n; s++) {
            for (int i = (s * c + ch) * hw, end = i + hw; i < end; i++) {
                sum += in.get(i);
            }
        }
        double mu = sum / ((long) n * hw);
        double squares = 0;
        for (int s = 0; s < n; s++) {
            for (int i = (s * c + ch) * hw, end = i + hw; i < end; i++) {
                double d = in.get(i) - mu;
                squares += d * d;
            }
        }
        return new double[] {mu, squares};
    }

    /**
     * {@code y[:, ch] = scale · x[:, ch] + shift (+ shortcut[:, ch])}, then max(·, 0) when
     * {@code relu} (NaN passes); {@code shortcut} may be null.
     */
    public static void affine(Buf in, Buf shortcut, Buf out, int n, int c, int hw, int ch, double scale, double shift,
                       boolean relu) {
        for (int s = 0; s < n; s++) {
            for (int i = (s * c + ch) * hw, end = i + hw; i < end; i++) {
                double v = in.get(i) * scale + shift;
                if (shortcut != null) {
                    v += shortcut.get(i);
                }
                out.set(i, relu && v <= 0 ? 0 : v);
            }
        }
    }

    /**
     * Channel ch's gradient: writes dγ and dβ into {@code grads[0]} and {@code grads[1]} and dx
     * (honouring accumulate); dy is masked by {@code reluOut > 0} when {@code reluOut} is not null.
     */
    public static void backward(Buf in, Buf up, Buf reluOut, Buf d, boolean accumulate, int n, int c, int hw, int ch, double mu,
                         double is, double gamma, double[] grads) {
        double sumDy = 0;
        double sumDyXhat = 0;
        for (int s = 0; s < n; s++) {
            for (int i = (s * c + ch) * hw, end = i + hw; i < end; i++) {
                double v = upstream(up, reluOut, i);
                sumDy += v;
                sumDyXhat += v * (in.get(i) - mu) * is;
            }
        }
        grads[0] = sumDyXhat;
        grads[1] = sumDy;
        long m = (long) n * hw;
        double k = gamma * is;
        double meanDy = sumDy / m;
        double meanDyXhat = sumDyXhat / m;
        for (int s = 0; s < n; s++) {
            for (int i = (s * c + ch) * hw, end = i + hw; i < end; i++) {
                double xhat = (in.get(i) - mu) * is;
                d.put(i, k * (upstream(up, reluOut, i) - meanDy - xhat * meanDyXhat), accumulate);
            }
        }
    }

    /** dy[i], or 0 where the fused ReLU's output is not positive. */
    private static double upstream(Buf dy, Buf reluOut, int i) {
        return reluOut == null || reluOut.get(i) > 0 ? dy.get(i) : 0;
    }
}
