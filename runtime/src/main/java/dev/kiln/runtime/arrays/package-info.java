/**
 * Element access to the memory of ND4J arrays: {@link dev.kiln.runtime.arrays.Buf}, one loop
 * for FLOAT and DOUBLE arrays, which the kernels, the optimizers, {@code Init} and
 * {@code NonFinite} all walk.
 */
package dev.kiln.runtime.arrays;
