package dev.kiln.dsl;

/** Whether a {@link Conv} or {@link Dense} adds a learned bias. */
public enum Bias {
    /** A bias unless the same method has {@link BatchNorm}, whose shift would make it redundant. */
    AUTO,
    /** Always a bias. */
    ON,
    /** Never a bias. */
    OFF
}
