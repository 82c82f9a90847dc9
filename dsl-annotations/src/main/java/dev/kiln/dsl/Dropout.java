package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Inverted dropout: in training each element is zeroed with probability {@link #rate()} and
 * the survivors are scaled by {@code 1 / (1 − rate)}; inference passes values through.
 * Applied last in its method.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Dropout {
    /** Probability that an element is dropped. Must be in [0, 1). */
    double rate() default 0.5;
}
