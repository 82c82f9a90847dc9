package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batch normalisation over the channels of a {@code [N, C, H, W]} tensor (or the features of
 * {@code [N, F]}). Training normalises with the batch's statistics and updates the running
 * ones; inference uses the running statistics. Learns a scale (initialised to 1) and a shift
 * (initialised to 0) per channel.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface BatchNorm {
    /**
     * Weight of the new batch in the running averages, PyTorch's convention:
     * {@code running = (1 − momentum) · running + momentum · batch}. Must be in [0, 1].
     */
    double momentum() default 0.1;

    /** Added to the variance before the square root. Must be greater than 0. */
    double epsilon() default 1e-5;
}
