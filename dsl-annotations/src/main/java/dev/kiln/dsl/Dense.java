package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer from {@code [N, F]} to {@code [N, units]}. Its input must be a
 * vector per example: put {@link Flatten} on the same method, or a global {@link Pool} before.
 * Weights are {@code [units, F]} (PyTorch's layout), He-initialised.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Dense {
    /** Number of outputs. Must be at least 1. */
    int units();

    /** Whether a bias is added; {@link Bias#AUTO}: none when the method has {@link BatchNorm}. */
    Bias bias() default Bias.AUTO;
}
