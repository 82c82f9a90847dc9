/**
 * The {@code plan} stage: the schedule the generated class follows — forward order, backward
 * in reverse, which activations backward keeps, which buffers exist per batch size, where
 * gradients accumulate, and which steps run in place. A step is a list of typed kernel calls
 * ({@link dev.kiln.processor.plan.Op}: a {@link dev.kiln.processor.plan.Kernel}, its
 * {@link dev.kiln.processor.plan.Arg}s by the parameter they fill); nothing here writes Java,
 * which is {@code emit}'s alone. Each layer part is planned by a rule of its own
 * ({@link dev.kiln.processor.plan.PartRule}, applied in order by
 * {@link dev.kiln.processor.plan.UnitPlanner}); fusions that look across units are in
 * {@link dev.kiln.processor.plan.fuse}.
 */
package dev.kiln.processor.plan;
