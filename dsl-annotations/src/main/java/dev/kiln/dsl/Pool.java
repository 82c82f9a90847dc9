package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Spatial pooling of a {@code [N, C, H, W]} tensor: {@code [N, C, H', W']} with the same size
 * rule as {@link Conv}, or {@code [N, C]} when {@link #global()} is set, so a {@link Dense}
 * may follow directly. Average pooling divides by the full window, padding included.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Pool {
    /** For {@link #stride()}: the stride equals the window size (non-overlapping windows). */
    int SIZE = -1;

    /** Maximum or average. */
    PoolType type() default PoolType.MAX;

    /** Side of the square window. Must be at least 1. Ignored when {@link #global()} is set. */
    int size() default 2;

    /** Step between windows; by default equal to {@link #size()}. Must be at least 1. */
    int stride() default SIZE;

    /** Zeros (for MAX: minus infinity) added on each side; at most half the window. */
    int padding() default 0;

    /** Pool each channel's whole plane to one value, yielding {@code [N, C]}. */
    boolean global() default false;
}
