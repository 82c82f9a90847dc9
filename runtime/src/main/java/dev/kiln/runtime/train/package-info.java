/**
 * Training state and its update. A {@link dev.kiln.runtime.train.Parameter} pairs a tensor with
 * the gradient the generated backward pass writes into; an {@link dev.kiln.runtime.train.Optimizer}
 * ({@link dev.kiln.runtime.train.Sgd}, {@link dev.kiln.runtime.train.Adam},
 * {@link dev.kiln.runtime.train.AdamW}) updates the values in place from the gradients,
 * allocating its own state once on the first step, and hands that state out by name for
 * checkpoints; a {@link dev.kiln.runtime.train.DecayPolicy} says which parameters weight decay
 * spares. A {@link dev.kiln.runtime.train.Schedule} gives the learning rate for each step
 * ({@link dev.kiln.runtime.train.ConstantSchedule}, {@link dev.kiln.runtime.train.StepSchedule},
 * {@link dev.kiln.runtime.train.CosineSchedule}, {@link dev.kiln.runtime.train.WarmupSchedule}).
 */
package dev.kiln.runtime.train;
