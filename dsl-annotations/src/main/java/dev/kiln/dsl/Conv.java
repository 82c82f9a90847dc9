package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 2-D convolution over a {@code [N, C, H, W]} tensor, cross-correlation as in PyTorch.
 * The output is {@code [N, filters, H', W']} with
 * {@code H' = floor((H + 2·padding − dilation·(kernel − 1) − 1) / stride) + 1}; a kernel that
 * does not fit the padded input is a compile error, never a size of 1.
 *
 * <p>Weights are {@code [filters, C, kernel, kernel]}, He-initialised.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Conv {
    /** For {@link #filters()}: the width of the enclosing block (only inside a {@link Block}). */
    int BLOCK_WIDTH = -1;
    /** For {@link #stride()}: the enclosing block's stride on its first repeat, 1 after. */
    int BLOCK_STRIDE = -1;
    /** For {@link #padding()}: {@code dilation × (kernel − 1) / 2}, "same" for odd kernels at stride 1. */
    int SAME = -1;
    /** For {@link #padding()}: no padding. */
    int VALID = 0;

    /**
     * Number of output channels. Inside a block it may be left out, and then is the block
     * width times {@link #expansion()}. Must be at least 1.
     */
    int filters() default BLOCK_WIDTH;

    /** Side of the square kernel. Must be at least 1. */
    int kernel();

    /** Step between kernel positions, or {@link #BLOCK_STRIDE} inside a block. Must be at least 1. */
    int stride() default 1;

    /** Zeros added on each side: {@link #SAME} (the default), {@link #VALID}, or a number ≥ 0. */
    int padding() default SAME;

    /** Spacing between kernel taps; 1 is an ordinary convolution. Must be at least 1. */
    int dilation() default 1;

    /**
     * Whether a per-filter bias is added. {@link Bias#AUTO}: no bias when the same method has
     * {@link BatchNorm} (its shift makes a bias redundant), a bias otherwise.
     */
    Bias bias() default Bias.AUTO;

    /**
     * Multiplies the block width when {@link #filters()} is left out: a bottleneck's last 1×1
     * conv uses {@code expansion = 4}. Must be at least 1.
     */
    int expansion() default 1;
}
