package dev.kiln.dsl;

/** What a {@link Residual}'s shortcut does where the block changes the tensor's shape. */
public enum Shortcut {
    /** A 1×1 convolution with the block's stride, then batch norm ("option B"). */
    PROJECTION,
    /**
     * Subsample by the stride and append zero channels ("option A"): {@code x[:, :, ::s, ::s]}
     * padded with zeros after the input's channels. No parameters.
     */
    ZERO_PAD,
    /** Only the identity is allowed: a block that changes the shape is a compile error. */
    IDENTITY
}
