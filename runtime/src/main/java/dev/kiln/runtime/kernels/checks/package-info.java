/**
 * The argument checks the kernels share ({@link dev.kiln.runtime.kernels.checks.ShapeChecks}):
 * one wording for every kernel, "{@code Relu.forward: y must have the shape of x [2,3], but is [3,2]}".
 */
package dev.kiln.runtime.kernels.checks;
