package dev.kiln.runtime.data;

/**
 * Training-time augmentation, drawn per example from the loader's seeded generator: a random
 * crop of the image zero-padded by {@code pad} pixels on every side (the crop's offset is
 * uniform in [−pad, pad] on each axis; the padding has pixel value 0, before normalisation, as
 * torchvision's {@code RandomCrop(padding)} before {@code Normalize}), then a horizontal flip with
 * probability ½ when {@code flip}.
 */
public record Augmentation(int pad, boolean flip) {
    /** No augmentation: every batch holds the images as they are. */
    public static final Augmentation NONE = new Augmentation(0, false);

    public Augmentation {
        if (pad < 0) {
            throw new IllegalArgumentException("augmentation pad must be ≥ 0, but got " + pad);
        }
    }

    /** The usual choice for images of side {@code height}: pad 2 below 32 pixels (28×28), pad 4 from 32 (CIFAR), and flips. */
    public static Augmentation standard(int height) {
        return new Augmentation(height >= 32 ? 4 : 2, true);
    }

    /** Whether this changes anything. */
    public boolean enabled() {
        return pad > 0 || flip;
    }
}
