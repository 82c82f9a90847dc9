package dev.kiln.spark;

import dev.kiln.runtime.data.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The examples one worker holds, as one Spark element per partition: pixels example-major and
 * labels, checked against the data set's shape when built. Plain arrays, so Spark can cache it,
 * move it and rebuild it from its lineage like any other value.
 */
record Shard(byte[] pixels, int[] labels, ImageShape shape) implements Serializable {
    /** The examples of {@code rows}; a row of the wrong size or with a label outside the classes is an error naming it. */
    static Shard of(String name, Iterator<LabeledImage> rows, ImageShape shape) {
        List<LabeledImage> list = new ArrayList<>();
        rows.forEachRemaining(list::add);
        int e = shape.exampleSize();
        byte[] pixels = new byte[list.size() * e];
        int[] labels = new int[list.size()];
        for (int i = 0; i < list.size(); i++) {
            LabeledImage row = list.get(i);
            if (row.pixels().length != e) {
                throw new IllegalArgumentException(name + ": example " + i + " has " + row.pixels().length
                        + " pixel values, but images of " + shape + " have " + e);
            }
            if (row.label() >= shape.classes()) {
                throw new IllegalArgumentException(name + ": example " + i + " has label " + row.label() + ", but there are "
                        + shape.classes() + " classes");
            }
            System.arraycopy(row.pixels(), 0, pixels, i * e, e);
            labels[i] = row.label();
        }
        return new Shard(pixels, labels, shape);
    }

    int size() {
        return labels.length;
    }

    /** The examples at {@code indices}, in that order, as a Kiln data set. */
    Dataset select(String name, int[] indices) {
        int e = shape.exampleSize();
        byte[] p = new byte[indices.length * e];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * e, p, i * e, e);
            l[i] = labels[indices[i]];
        }
        return Dataset.of(name, p, l, shape.channels(), shape.height(), shape.width(), shape.classes());
    }

    /** All examples as a Kiln data set. */
    Dataset all(String name) {
        return Dataset.of(name, pixels, labels, shape.channels(), shape.height(), shape.width(), shape.classes());
    }
}
