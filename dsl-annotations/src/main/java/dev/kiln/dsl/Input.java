package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The shape of one example entering a {@link Model}, in channels-height-width order
 * (a batch of them is {@code [N, channels, height, width]}). Every later shape is inferred
 * from it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Input {
    /** Number of channels: 1 for grey images, 3 for RGB. Must be at least 1. */
    int channels();

    /** Image height in pixels. Must be at least 1. */
    int height();

    /** Image width in pixels. Must be at least 1. */
    int width();
}
