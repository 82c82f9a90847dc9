package dev.kiln.processor.shape;

import java.util.List;

/**
 * The shape of one example's tensor, batch dimension left out: {@code [C, H, W]} for feature
 * maps, {@code [F]} for vectors. Printed with the batch as {@code [N,16,28,28]}.
 */
public record Shape(List<Integer> dims) {
    public Shape {
        dims = List.copyOf(dims);
    }

    public static Shape map(int channels, int height, int width) {
        return new Shape(List.of(channels, height, width));
    }

    public static Shape vector(int features) {
        return new Shape(List.of(features));
    }

    public boolean isMap() {
        return dims.size() == 3;
    }

    public int channels() {
        return dims.get(0);
    }

    public int height() {
        return dims.get(1);
    }

    public int width() {
        return dims.get(2);
    }

    /** Elements per example. */
    public long size() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[N");
        for (int d : dims) {
            s.append(',').append(d);
        }
        return s.append(']').toString();
    }
}
