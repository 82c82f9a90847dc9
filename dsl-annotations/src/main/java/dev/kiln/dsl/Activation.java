package dev.kiln.dsl;

/** The activation a {@link Residual} applies after adding the shortcut, and a {@link Stack} after each block. */
public enum Activation {
    /** ReLU after the add (or the block), as in He et al. 2015's residual and plain nets. */
    RELU,
    /** Nothing after it, as in pre-activation networks (He et al. 2016). */
    NONE
}
