package dev.kiln.processor.shape;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.Limits;
import dev.kiln.processor.model.SourceRef;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The sliding-window size rule shared by convolution and pooling. */
final class Windows {
    private Windows() {}

    /**
     * {@code floor((H + 2p − window) / stride) + 1} per side, with a numerator below zero an error
     * (Java's division rounds toward zero, so it must be checked before dividing). Worked in
     * {@code long}; a padded input past {@code int} is {@link Code#TENSOR_TOO_LARGE}, and then every
     * other size fits {@code int}.
     *
     * @param window the effective window, {@code dilation × (kernel − 1) + 1}
     */
    static Optional<Shape> slide(Report report, String layer, String what, SourceRef ref, Shape in, long window,
                                 int stride, int padding, int channels, Supplier<String> path) {
        long paddedH = in.height() + 2L * padding;
        long paddedW = in.width() + 2L * padding;
        if (paddedH > Limits.MAX_ELEMENTS || paddedW > Limits.MAX_ELEMENTS) {
            List<Long> padded = List.of((long) in.channels(), paddedH, paddedW);
            report.error(Code.TENSOR_TOO_LARGE, ref.at("padding"), layer, "the input of " + what + " padded by " + String.format("%,d", padding)
                    + " on each side, " + Describe.dims(padded) + ",", Limits.elements(padded), "use less padding or a smaller kernel.");
            return Optional.empty();
        }
        long h = paddedH - window;
        long w = paddedW - window;
        if (h < 0 || w < 0) {
            report.error(Code.KERNEL_TOO_LARGE, ref, layer, what, window, in, padding, path.get());
            return Optional.empty();
        }
        return Optional.of(Shape.map(channels, (int) (h / stride + 1), (int) (w / stride + 1)));
    }

    /** The output side of a 1×1 window with {@code stride}: what a projection or zero-pad shortcut yields. */
    static int subsampled(int side, int stride) {
        return (side - 1) / stride + 1;
    }
}
