package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Hyperbolic tangent, element-wise. Applied after {@link Conv}/{@link Dense} and {@link BatchNorm} in the same method.
 * A method without an activation annotation is linear (the identity).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Tanh {
}
