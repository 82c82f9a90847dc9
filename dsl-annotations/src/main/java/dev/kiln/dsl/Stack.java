package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Repeats a {@link Block} {@link #repeat()} times in sequence with no shortcuts: the plain
 * twin of {@link Residual}, {@code H(x) = act(F(x))}. The {@link #activation()} sits exactly where
 * {@code @Residual} applies its post-add one, after each repeat of the block, so replacing
 * {@code @Residual} with {@code @Stack} (same block, width, stride, repeat and activation) removes
 * the shortcut and nothing else: a ResNet becomes the plain network of He et al. 2015, every
 * convolution of a {@code BasicBlock} followed by batch norm and ReLU. Only the first repeat may
 * change the shape; later repeats must keep it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Stack {
    /** The block to repeat; an interface annotated with {@link Block}. */
    Class<?> block();

    /** The block width: what a {@code @Conv} without {@code filters} in the block produces. Must be at least 1. */
    int filters();

    /** The stride of the first repeat ({@code Conv.BLOCK_STRIDE} in the block); later repeats use 1. Must be at least 1. */
    int stride() default 1;

    /** How many times the block is applied in sequence. Must be at least 1. */
    int repeat() default 1;

    /**
     * Applied after each repeat of the block, where {@code @Residual} applies it after the add:
     * {@link Activation#RELU} as in He et al. 2015's plain nets, {@link Activation#NONE} for a
     * block that ends in its own activation or a pre-activation block. The ReLU joins the block's
     * last layer ({@code conv 3×3 +bn +relu} in the summary); a last layer that already ends in a
     * ReLU or a sigmoid keeps its own, since a ReLU of values never negative changes nothing.
     */
    Activation activation() default Activation.RELU;
}
