package dev.kiln.runtime.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Fills a {@link Slot} with the examples of one batch: for each, draws the augmentation from the
 * epoch's generator (crop offset dy, then dx, each uniform in [−pad, pad] when pad > 0; then the
 * flip when flips are on), renders the normalised, augmented image into a scratch array through a
 * 256-entry table per channel, and copies it into the features' memory in one bulk put.
 */
final class BatchFiller implements BatchLoader.Filler {
    private final Dataset data;
    private final byte[] pixels;
    private final int height;
    private final int width;
    private final int plane;
    private final int example;
    private final float[][] table;
    private final int pad;
    private final boolean flip;
    private final float[] image;

    BatchFiller(Dataset data, Normalization normalization, Augmentation augmentation) {
        if (normalization.channels() != data.channels()) {
            throw new IllegalArgumentException(data.name() + ": images have " + data.channels() + " channels, but the normalisation has "
                    + normalization.channels() + " (mean " + Arrays.toString(normalization.mean()) + ")");
        }
        this.data = data;
        this.pixels = data.pixelData();
        this.height = data.height();
        this.width = data.width();
        this.plane = height * width;
        this.example = data.exampleSize();
        this.table = normalization.table();
        this.pad = augmentation.pad();
        this.flip = augmentation.flip();
        this.image = new float[example];
    }

    @Override
    public void fill(int[] order, int from, Slot slot, SplittableRandom rng) {
        int n = slot.size();
        for (int i = 0; i < n; i++) {
            int source = order[from + i];
            int dy = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
            int dx = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
            boolean mirror = flip && rng.nextBoolean();
            render(source, dy, dx, mirror, image);
            slot.features.put(i * example, image, 0, example);
            slot.labels.put(i, data.label(source));
        }
    }

    /**
     * {@code out[c,y,x] = norm_c(src[c, y + dy, x' + dx])} with {@code x' = mirror ? W−1−x : x}:
     * the crop at offset (dy, dx) of the zero-padded image, then mirrored; a position outside the
     * image reads pixel value 0.
     */
    void render(int source, int dy, int dx, boolean mirror, float[] out) {
        for (int c = 0; c < data.channels(); c++) {
            float[] t = table[c];
            float zero = t[0];
            int base = source * example + c * plane;
            for (int y = 0; y < height; y++) {
                int o = c * plane + y * width;
                int sy = y + dy;
                if (sy < 0 || sy >= height) {
                    Arrays.fill(out, o, o + width, zero);
                    continue;
                }
                int row = base + sy * width;
                for (int x = 0; x < width; x++) {
                    int sx = (mirror ? width - 1 - x : x) + dx;
                    out[o + x] = sx < 0 || sx >= width ? zero : t[pixels[row + sx] & 0xFF];
                }
            }
        }
    }
}
