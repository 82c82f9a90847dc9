package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Leaky rectified linear unit, {@code x > 0 ? x : slope · x}, element-wise. Applied after
 * {@link Conv}/{@link Dense} and {@link BatchNorm} in the same method.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface LeakyRelu {
    /** Gradient for negative inputs. Must be at least 0 (0 is plain ReLU). */
    double slope() default 0.01;
}
