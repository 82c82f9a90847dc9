package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Normalisation and augmentation, one example at a time, against plain hand-written expectations. */
class BatchFillerTest {
    private static final int C = 2;
    private static final int H = 4;
    private static final int W = 5;

    /** {@code n} examples of 2×4×5 with random pixel values 1..255 (no zeros, so padding shows). */
    private static Dataset random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] pixels = new byte[n * C * H * W];
        int[] labels = new int[n];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (1 + r.nextInt(255));
        }
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
        }
        return Dataset.of("random", pixels, labels, C, H, W, 10);
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        return order;
    }

    /** Fills one slot of all {@code d}'s examples with the generator seeded {@code seed}; returns the features. */
    private static float[] fill(Dataset d, Normalization norm, Augmentation aug, long seed) {
        Slot slot = new Slot(d.size(), C, H, W);
        new BatchFiller(d, norm, aug).fill(identity(d.size()), 0, slot, new SplittableRandom(seed));
        assertArrayEquals(d.labels(), slot.batch.labels().data().asInt());
        return slot.batch.features().data().asFloat();
    }

    /** Example {@code i} shifted by (dy, dx) (crop of the zero-padded image), mirrored, scaled to [0,1]. */
    private static float[] expected(Dataset d, int i, int dy, int dx, boolean mirror) {
        float[] out = new float[C * H * W];
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int sy = y + dy;
                    int sx = (mirror ? W - 1 - x : x) + dx;
                    int v = sy < 0 || sy >= H || sx < 0 || sx >= W ? 0 : d.pixel(i, c, sy, sx);
                    out[(c * H + y) * W + x] = (float) (v / 255.0);
                }
            }
        }
        return out;
    }

    private static float[] example(float[] features, int i) {
        return Arrays.copyOfRange(features, i * C * H * W, (i + 1) * C * H * W);
    }

    @Test
    void withoutAugmentationTheBatchIsTheImagesScaled() {
        Dataset d = random(3, 1);
        Slot slot = new Slot(3, C, H, W);
        new BatchFiller(d, Normalization.scaleOnly(C), Augmentation.NONE).fill(new int[] {2, 0, 1}, 0, slot, new SplittableRandom(0));
        assertArrayEquals(new int[] {d.label(2), d.label(0), d.label(1)}, slot.batch.labels().data().asInt());
        assertEquals(d.pixel(2, 1, 3, 4) / 255f, slot.batch.features().getFloat(0, 1, 3, 4), 0f);
        assertEquals(d.pixel(0, 0, 1, 2) / 255f, slot.batch.features().getFloat(1, 0, 1, 2), 0f);
        float[] f = slot.batch.features().data().asFloat();
        assertArrayEquals(expected(d, 1, 0, 0, false), example(f, 2), 0f);
    }

    @Test
    void normalisationMatchesAHandComputation() {
        byte[] pixels = {0, 51, (byte) 255, 0, 0, (byte) 255, 102, 0};
        Dataset d = Dataset.of("hand", pixels, new int[] {0}, 2, 2, 2, 1);
        Slot slot = new Slot(1, 2, 2, 2);
        Normalization norm = new Normalization(new double[] {0.5, 0.25}, new double[] {0.2, 0.5});
        new BatchFiller(d, norm, Augmentation.NONE).fill(new int[] {0}, 0, slot, new SplittableRandom(0));
        // channel 0: (0 − .5)/.2, (.2 − .5)/.2, (1 − .5)/.2, (0 − .5)/.2; channel 1: (0 − .25)/.5, (1 − .25)/.5, (.4 − .25)/.5, …
        assertArrayEquals(new float[] {-2.5f, -1.5f, 2.5f, -2.5f, -0.5f, 1.5f, 0.3f, -0.5f},
                slot.batch.features().data().asFloat(), 1e-6f);
    }

    @Test
    void aFlipMirrorsEachRowExactly() {
        Dataset d = random(1, 2);
        BatchFiller filler = new BatchFiller(d, Normalization.of(d), Augmentation.NONE);
        float[] plain = new float[C * H * W];
        float[] mirrored = new float[C * H * W];
        filler.render(0, 0, 0, false, plain);
        filler.render(0, 0, 0, true, mirrored);
        for (int row = 0; row < C * H; row++) {
            for (int x = 0; x < W; x++) {
                assertEquals(plain[row * W + W - 1 - x], mirrored[row * W + x], 0f);
            }
        }
        assertFalse(Arrays.equals(plain, mirrored));
    }

    @Test
    void randomFlipsGiveTheImageOrItsMirrorAndBothOccur() {
        Dataset d = random(64, 3);
        float[] f = fill(d, Normalization.scaleOnly(C), new Augmentation(0, true), 7);
        int flipped = 0;
        for (int i = 0; i < d.size(); i++) {
            boolean same = Arrays.equals(expected(d, i, 0, 0, false), example(f, i));
            boolean mirror = Arrays.equals(expected(d, i, 0, 0, true), example(f, i));
            assertTrue(same || mirror, "example " + i + " is neither the image nor its mirror");
            flipped += mirror ? 1 : 0;
        }
        assertTrue(flipped > 16 && flipped < 48, flipped + " of 64 flipped");
    }

    @Test
    void cropsAreShiftsWithinThePaddingAndEveryShiftOccurs() {
        int pad = 2;
        Dataset d = random(400, 4);
        float[] f = fill(d, Normalization.scaleOnly(C), new Augmentation(pad, false), 11);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            String found = null;
            for (int dy = -pad - 1; dy <= pad + 1; dy++) {
                for (int dx = -pad - 1; dx <= pad + 1; dx++) {
                    if (Arrays.equals(expected(d, i, dy, dx, false), example(f, i))) {
                        assertEquals(null, found, "example " + i + " matches two shifts");
                        found = dy + "," + dx;
                        assertTrue(Math.abs(dy) <= pad && Math.abs(dx) <= pad, "shift " + found + " beyond pad " + pad);
                    }
                }
            }
            assertTrue(found != null, "example " + i + " is no shift of its image");
            seen.add(found);
        }
        assertEquals((2 * pad + 1) * (2 * pad + 1), seen.size(), "shifts seen: " + seen);
    }

    @Test
    void augmentationIsDrawnFromTheSeededGeneratorInTheDocumentedOrder() {
        Dataset d = random(20, 5);
        Augmentation aug = new Augmentation(3, true);
        float[] f = fill(d, Normalization.scaleOnly(C), aug, 42);
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < d.size(); i++) {
            int dy = r.nextInt(7) - 3;
            int dx = r.nextInt(7) - 3;
            boolean flip = r.nextBoolean();
            assertArrayEquals(expected(d, i, dy, dx, flip), example(f, i), 0f, "example " + i);
        }
        assertArrayEquals(f, fill(d, Normalization.scaleOnly(C), aug, 42), 0f);
        assertFalse(Arrays.equals(f, fill(d, Normalization.scaleOnly(C), aug, 43)));
    }

    @Test
    void paddingReadsPixelValueZeroBeforeNormalisation() {
        Dataset d = random(1, 6);
        Normalization norm = new Normalization(new double[] {0.5, 0.25}, new double[] {0.2, 0.5});
        float[] out = new float[C * H * W];
        new BatchFiller(d, norm, new Augmentation(2, false)).render(0, 2, 0, false, out);
        for (int x = 0; x < W; x++) {
            assertEquals((float) ((d.pixel(0, 1, 2, x) / 255.0 - 0.25) / 0.5), out[(H + 0) * W + x], 1e-6f);
            assertEquals(-2.5f, out[(H - 1) * W + x], 1e-6f);
            assertEquals(-0.5f, out[(2 * H - 2) * W + x], 1e-6f);
        }
    }

    @Test
    void aNormalisationForOtherChannelsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BatchFiller(random(1, 0), Normalization.scaleOnly(3), Augmentation.NONE));
        assertEquals("random: images have 2 channels, but the normalisation has 3 (mean [0.0, 0.0, 0.0])", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new double[] {0.5}, new double[] {0}));
    }
}
