package dev.kiln.processor.shape;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.SourceRef;
import java.util.Optional;
import java.util.function.Supplier;

/** The sliding-window size rule shared by convolution and pooling. */
final class Windows {
    private Windows() {}

    /**
     * {@code floor((H + 2p − window) / stride) + 1} per side, with a numerator below zero an error
     * (Java's division rounds toward zero, so it must be checked before dividing).
     *
     * @param window the effective window, {@code dilation × (kernel − 1) + 1}
     */
    static Optional<Shape> slide(Report report, String layer, String what, SourceRef ref, Shape in, int window,
                                 int stride, int padding, int channels, Supplier<String> path) {
        int h = in.height() + 2 * padding - window;
        int w = in.width() + 2 * padding - window;
        if (h < 0 || w < 0) {
            report.error(Code.KERNEL_TOO_LARGE, ref, layer, what, window, in, padding, path.get());
            return Optional.empty();
        }
        return Optional.of(Shape.map(channels, h / stride + 1, w / stride + 1));
    }

    /** The output side of a 1×1 window with {@code stride}: what a projection or zero-pad shortcut yields. */
    static int subsampled(int side, int stride) {
        return (side - 1) / stride + 1;
    }
}
