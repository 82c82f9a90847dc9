package dev.kiln.spark;

import dev.kiln.runtime.data.Dataset;
import java.io.Serializable;

/** The shape every {@link LabeledImage} of a data set has, and its number of classes. */
public record ImageShape(int channels, int height, int width, int classes) implements Serializable {
    public ImageShape {
        if (channels < 1 || height < 1 || width < 1 || classes < 1) {
            throw new IllegalArgumentException("ImageShape: channels, height, width and classes must be ≥ 1, but are "
                    + channels + ", " + height + ", " + width + ", " + classes);
        }
    }

    public static ImageShape of(Dataset d) {
        return new ImageShape(d.channels(), d.height(), d.width(), d.classes());
    }

    /** Pixel values per example. */
    public int exampleSize() {
        return channels * height * width;
    }

    /** {@code 1×28×28, 10 classes}. */
    @Override
    public String toString() {
        return channels + "×" + height + "×" + width + ", " + classes + " classes";
    }
}
