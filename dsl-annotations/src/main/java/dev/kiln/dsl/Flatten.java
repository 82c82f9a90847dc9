package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reshapes {@code [N, C, H, W]} to {@code [N, C·H·W]} (channel-major, as PyTorch's
 * {@code flatten(1)}). Applied after a merge and before {@link Dense} in the same method.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Flatten {
}
