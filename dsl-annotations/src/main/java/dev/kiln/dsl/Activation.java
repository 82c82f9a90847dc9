package dev.kiln.dsl;

/** The activation a {@link Residual} applies after adding the shortcut. */
public enum Activation {
    /** ReLU after the add, as in He et al. 2015. */
    RELU,
    /** Nothing after the add, as in pre-activation networks (He et al. 2016). */
    NONE
}
