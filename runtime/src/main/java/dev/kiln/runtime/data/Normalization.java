package dev.kiln.runtime.data;

import java.util.Arrays;

/**
 * Per-channel normalisation {@code (x / 255 − mean[c]) / std[c]} of unsigned 8-bit pixels, with
 * mean and std on the [0,1] scale (as torchvision's {@code Normalize} after {@code ToTensor}).
 * Normally the training set's statistics, applied to training and test batches alike.
 */
public record Normalization(double[] mean, double[] std) {
    public Normalization {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalisation needs one mean and one std per channel, but got "
                    + mean.length + " means and " + std.length + " stds");
        }
        for (int c = 0; c < std.length; c++) {
            if (!Double.isFinite(mean[c]) || !(std[c] > 0) || !Double.isFinite(std[c])) {
                throw new IllegalArgumentException("channel " + c + ": normalisation needs a finite mean and a finite std > 0, but got mean "
                        + mean[c] + ", std " + std[c]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The per-channel mean and standard deviation of {@code train}. */
    public static Normalization of(Dataset train) {
        return new Normalization(train.channelMean(), train.channelStd());
    }

    /** Only the scaling to [0,1]: mean 0, std 1 on every channel. */
    public static Normalization scaleOnly(int channels) {
        double[] ones = new double[channels];
        Arrays.fill(ones, 1);
        return new Normalization(new double[channels], ones);
    }

    public int channels() {
        return mean.length;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** {@code table[c][v]}: the normalised value of pixel value v (0..255) on channel c. */
    float[][] table() {
        float[][] table = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = (float) ((v / 255.0 - mean[c]) / std[c]);
            }
        }
        return table;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
