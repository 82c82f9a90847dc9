package dev.kiln.processor.model;

import dev.kiln.dsl.Bias;
import dev.kiln.dsl.PoolType;
import dev.kiln.dsl.Shortcut;

/**
 * The value of one layer annotation, as written (sentinels such as {@code Conv.BLOCK_WIDTH} kept
 * as they are; resolving them is the resolver's job). Each carries the annotation's
 * {@link SourceRef}, from which {@link SourceRef#at(String)} narrows to one attribute.
 */
public sealed interface Spec {
    SourceRef ref();

    /** The annotation's simple name as a user writes it, {@code @Conv}. */
    String annotation();

    /** {@code @Add} or {@code @Concat}. */
    record Merge(boolean concat, SourceRef ref) implements Spec {
        public String annotation() {
            return concat ? "@Concat" : "@Add";
        }
    }

    record Flatten(SourceRef ref) implements Spec {
        public String annotation() {
            return "@Flatten";
        }
    }

    /** {@code @Conv} or {@code @Dense}: the layers with weights. */
    sealed interface Linear extends Spec permits Conv, Dense {}

    record Conv(int filters, int kernel, int stride, int padding, int dilation, Bias bias, int expansion,
                SourceRef ref) implements Linear {
        public String annotation() {
            return "@Conv";
        }
    }

    record Dense(int units, Bias bias, SourceRef ref) implements Linear {
        public String annotation() {
            return "@Dense";
        }
    }

    record BatchNorm(double momentum, double epsilon, SourceRef ref) implements Spec {
        public String annotation() {
            return "@BatchNorm";
        }
    }

    /**
     * An activation; {@code afterBlock} when a {@code @Stack} put it on its block's last layer
     * (then {@code ref} is the {@code @Stack}'s).
     */
    record Activation(Kind kind, double slope, boolean afterBlock, SourceRef ref) implements Spec {
        public enum Kind { RELU, LEAKY_RELU, TANH, SIGMOID }

        public Activation(Kind kind, double slope, SourceRef ref) {
            this(kind, slope, false, ref);
        }

        public String annotation() {
            return switch (kind) {
                case RELU -> "@Relu";
                case LEAKY_RELU -> "@LeakyRelu";
                case TANH -> "@Tanh";
                case SIGMOID -> "@Sigmoid";
            };
        }
    }

    record Pool(PoolType type, int size, int stride, int padding, boolean global, SourceRef ref) implements Spec {
        public String annotation() {
            return "@Pool";
        }
    }

    record Dropout(double rate, SourceRef ref) implements Spec {
        public String annotation() {
            return "@Dropout";
        }
    }

    /**
     * {@code @Residual} (with a shortcut policy) or {@code @Stack} (residual false).
     * {@code reluAfter}: a ReLU after each repeat, after the add for {@code @Residual}, after the
     * block for {@code @Stack}. {@code block} is the block's canonical name, read on demand.
     */
    record Repeat(boolean residual, String block, int filters, int stride, int repeat, Shortcut shortcut,
                  boolean reluAfter, SourceRef ref) implements Spec {
        public String annotation() {
            return residual ? "@Residual" : "@Stack";
        }
    }
}
