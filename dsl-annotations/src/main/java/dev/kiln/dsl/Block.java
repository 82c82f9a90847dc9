package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a reusable sub-network, used by {@link Residual} or {@link Stack}. Its methods are
 * declared like a model's; {@code input} is the block's input and the last method its output.
 *
 * <p>Inside a block, a {@link Conv} without {@code filters} takes the block width (the
 * {@code filters} of the {@code @Residual} or {@code @Stack} that uses it, times the conv's
 * {@code expansion}), and {@code stride = Conv.BLOCK_STRIDE} takes the block's stride on the
 * first repeat and 1 after. A block may use {@code @Residual} or {@code @Stack} itself, but
 * blocks may not include each other in a cycle. A block is not a model: it has no input shape
 * of its own and generates no class.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Block {
}
