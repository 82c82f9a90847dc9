/**
 * Training state and its update: a {@link dev.kiln.runtime.train.Parameter} pairs a tensor
 * with the gradient the generated backward pass writes into, and an
 * {@link dev.kiln.runtime.train.Optimizer} (such as {@link dev.kiln.runtime.train.Sgd}) updates
 * the values in place from the gradients, allocating its own state once on the first step.
 */
package dev.kiln.runtime.train;
