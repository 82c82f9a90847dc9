package dev.kiln.processor.plan;

/**
 * How one part of a layer unit (merge, flatten, conv or dense, batch norm, activation, pool,
 * dropout) runs forward and backward. {@link UnitPlanner} applies the rules in that fixed
 * order; each adds its forward calls to the unit, registers its backward, and moves the unit's
 * current buffer on.
 */
interface PartRule {
    /** Whether the unit's layer has this part. */
    boolean applies(UnitDraft unit);

    void plan(UnitDraft unit);
}
