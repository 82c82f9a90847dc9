package dev.kiln.samples.experiment;

import dev.kiln.samples.SampleModel;
import java.util.Locale;

/**
 * One network of the experiment: a depth and whether its blocks are {@code @Residual} or
 * {@code @Stack}. The two twins of a depth differ in nothing else.
 *
 * @param depth    weighted layers: 6n + 2 for n blocks per stage (20, 32, 44, 56, 110)
 * @param residual identity shortcuts ({@code resnetN}) or none ({@code plainN})
 */
public record Twin(int depth, boolean residual) {
    /** The depths with sample declarations, shallow to deep. */
    public static final int[] DEPTHS = {20, 32, 44, 56, 110};

    public Twin {
        if (java.util.Arrays.stream(DEPTHS).noneMatch(d -> d == depth)) {
            throw new IllegalArgumentException("depth must be one of 20, 32, 44, 56, 110, but is " + depth);
        }
    }

    /** {@code plain56}, {@code resnet20}: the sample model's id and the JSON key. */
    public String id() {
        return (residual ? "resnet" : "plain") + depth;
    }

    /** {@code Plain-56}, {@code ResNet-20}: for figures and the report. */
    public String label() {
        return (residual ? "ResNet-" : "Plain-") + depth;
    }

    public SampleModel model() {
        return SampleModel.byId(id()).orElseThrow(() -> new IllegalStateException("no sample model " + id()));
    }

    @Override
    public String toString() {
        return id().toLowerCase(Locale.ROOT);
    }
}
