package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Repeats a {@link Block} {@link #repeat()} times in sequence with no shortcuts: the plain
 * twin of {@link Residual}. Replacing {@code @Residual} with {@code @Stack} (same block, width,
 * stride and repeat) turns a ResNet into the plain network of He et al. 2015. Only the first
 * repeat may change the shape; later repeats must keep it.
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
}
