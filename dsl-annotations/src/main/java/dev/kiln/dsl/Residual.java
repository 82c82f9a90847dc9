package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Repeats a {@link Block} {@link #repeat()} times, each repeat wrapped with a shortcut:
 * {@code H(x) = act(F(x) + shortcut(x))}. The shortcut is the identity wherever the block keeps
 * the shape; where it changes it (the first repeat of a strided or wider stage), the
 * {@link #shortcut()} policy decides. Parameters are named {@code method.i.layer}, for example
 * {@code stage1.0.conv1.weight}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Residual {
    /** The block to repeat; an interface annotated with {@link Block}. */
    Class<?> block();

    /** The block width: what a {@code @Conv} without {@code filters} in the block produces. Must be at least 1. */
    int filters();

    /** The stride of the first repeat ({@code Conv.BLOCK_STRIDE} in the block); later repeats use 1. Must be at least 1. */
    int stride() default 1;

    /** How many times the block is applied in sequence. Must be at least 1. */
    int repeat() default 1;

    /** What the shortcut does where the block changes the shape. */
    Shortcut shortcut() default Shortcut.PROJECTION;

    /** Applied after the add: {@link Activation#RELU} as in He et al. 2015, {@link Activation#NONE} for pre-activation nets. */
    Activation activation() default Activation.RELU;
}
