package dev.kiln.runtime.data;

import java.util.Arrays;

/**
 * An immutable in-memory set of labelled images: unsigned 8-bit pixels stored example-major,
 * each example {@code [C,H,W]} row-major (so the whole set is NCHW), and one class index per
 * example in {@code [0, classes)}.
 *
 * <p>Readers hand their freshly read arrays over without a copy; {@link #of} copies what a caller
 * gives. Nothing hands the arrays back out: accessors copy or read single values.
 */
public final class Dataset {
    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;

    private Dataset(String name, byte[] pixels, int[] labels, int channels, int height, int width, int classes) {
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
    }

    /** A data set holding copies of {@code pixels} (N·C·H·W values, read as unsigned) and {@code labels}. */
    public static Dataset of(String name, byte[] pixels, int[] labels, int channels, int height, int width, int classes) {
        return wrap(name, pixels.clone(), labels.clone(), channels, height, width, classes);
    }

    /** Like {@link #of}, but takes ownership of the arrays: the caller must not touch them again. */
    static Dataset wrap(String name, byte[] pixels, int[] labels, int channels, int height, int width, int classes) {
        if (channels < 1 || height < 1 || width < 1 || classes < 1) {
            throw new IllegalArgumentException(name + ": channels, height, width and classes must be ≥ 1, but got "
                    + channels + ", " + height + ", " + width + ", " + classes);
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(name + ": " + labels.length + " examples of " + channels + "×" + height + "×"
                    + width + " need " + expected + " pixel values, but got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(name + ": label of example " + i + " is " + labels[i]
                        + ", but labels must be class indices in [0, " + classes + ")");
            }
        }
        return new Dataset(name, pixels, labels, channels, height, width, classes);
    }

    public String name() {
        return name;
    }

    /** The number of examples. */
    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int classes() {
        return classes;
    }

    /** Pixel values per example: C·H·W. */
    public int exampleSize() {
        return channels * height * width;
    }

    /** The class index of example {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of all class indices, in example order. */
    public int[] labels() {
        return labels.clone();
    }

    /** Pixel {@code (c, y, x)} of example {@code i}, in 0..255. */
    public int pixel(int i, int c, int y, int x) {
        if (c < 0 || c >= channels || y < 0 || y >= height || x < 0 || x >= width) {
            throw new IndexOutOfBoundsException("pixel (" + c + ", " + y + ", " + x + ") outside " + channels + "×"
                    + height + "×" + width);
        }
        return pixels[i * exampleSize() + (c * height + y) * width + x] & 0xFF;
    }

    /** A copy of example {@code i}'s pixels, {@code [C,H,W]} row-major, unsigned. */
    public byte[] image(int i) {
        int n = exampleSize();
        return Arrays.copyOfRange(pixels, Math.multiplyExact(i, n), Math.multiplyExact(i, n) + n);
    }

    /** How many examples each class has: element {@code k} counts label {@code k}. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The first {@code n} examples (for {@code --limit-train}); {@code n} must be in [1, size()]. */
    public Dataset subset(int n) {
        if (n < 1 || n > size()) {
            throw new IllegalArgumentException(name + ": a subset must hold 1.." + size() + " examples, but "
                    + n + " were asked for");
        }
        if (n == size()) {
            return this;
        }
        return new Dataset(name + "[:" + n + "]", Arrays.copyOf(pixels, n * exampleSize()), Arrays.copyOf(labels, n),
                channels, height, width, classes);
    }

    /** Per channel, the mean of the pixel values scaled to [0,1]. */
    public double[] channelMean() {
        return moments(false);
    }

    /** Per channel, the population standard deviation of the pixel values scaled to [0,1]. */
    public double[] channelStd() {
        return moments(true);
    }

    /**
     * Exact integer sums of v and v² per channel (no rounding until the final division), then the
     * mean or the population standard deviation of v / 255.
     */
    private double[] moments(boolean std) {
        if (size() == 0) {
            throw new IllegalStateException(name + ": no examples, so no channel statistics");
        }
        int plane = height * width;
        long[] sum = new long[channels];
        long[] squares = new long[channels];
        for (int start = 0; start < pixels.length; start += plane) {
            int c = (start / plane) % channels;
            long s = 0;
            long q = 0;
            for (int p = start; p < start + plane; p++) {
                int v = pixels[p] & 0xFF;
                s += v;
                q += v * v;
            }
            sum[c] += s;
            squares[c] += q;
        }
        double count = (double) size() * plane;
        double[] out = new double[channels];
        for (int c = 0; c < channels; c++) {
            double mean = sum[c] / count;
            out[c] = std ? Math.sqrt(Math.max(0, squares[c] / count - mean * mean)) / 255 : mean / 255;
        }
        return out;
    }

    /** The raw pixels, shared (package-private: the batch filler reads them; nothing writes). */
    byte[] pixelData() {
        return pixels;
    }

    @Override
    public String toString() {
        return name + ": " + size() + " × " + channels + "×" + height + "×" + width + ", " + classes + " classes";
    }
}
