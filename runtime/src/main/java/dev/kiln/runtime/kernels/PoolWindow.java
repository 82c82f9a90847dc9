package dev.kiln.runtime.kernels;

/** The window rules max and average pooling share: size and stride at least 1, padding at most half the window. */
final class PoolWindow {
    private PoolWindow() {}

    static void require(String kernel, int size, int stride, int padding) {
        if (size < 1 || stride < 1 || padding < 0 || 2 * padding > size) {
            throw new IllegalArgumentException(kernel + ": size and stride must be ≥ 1 and padding between 0 and size/2,"
                    + " but got size " + size + ", stride " + stride + ", padding " + padding);
        }
    }
}
