package dev.kiln.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * One training or test example as a Spark dataset holds it: unsigned 8-bit pixels {@code [C,H,W]}
 * row-major, as Kiln's {@code Dataset} stores them, and a class index. Normalisation and
 * augmentation happen on the worker, as in the single-machine loader.
 */
public record LabeledImage(byte[] pixels, int label) implements Serializable {
    public LabeledImage {
        Objects.requireNonNull(pixels, "LabeledImage: pixels");
        if (label < 0) {
            throw new IllegalArgumentException("LabeledImage: a label is a class index ≥ 0, but is " + label);
        }
    }
}
