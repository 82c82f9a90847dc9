/**
 * Glue for ND4J's ops run many times on the same arrays: {@link dev.kiln.runtime.kernels.nd4j.OpContexts}
 * (a native context holding an op's arrays and arguments, built once) and
 * {@link dev.kiln.runtime.kernels.nd4j.PreparedMatmul} ({@code matmul} with its op and context kept).
 */
package dev.kiln.runtime.kernels.nd4j;
