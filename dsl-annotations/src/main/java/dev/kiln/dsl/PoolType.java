package dev.kiln.dsl;

/** The reduction a {@link Pool} applies to each window. */
public enum PoolType {
    /** The largest value in the window. */
    MAX,
    /** The mean of the window. */
    AVG
}
