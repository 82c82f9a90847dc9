package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Merges a method's two or more parameters by element-wise sum; their shapes must be equal.
 * The sum is taken first, before any other layer in the method, so
 * {@code @Add @Relu INDArray out(INDArray conv2, INDArray input)} is a hand-written residual.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Add {
}
