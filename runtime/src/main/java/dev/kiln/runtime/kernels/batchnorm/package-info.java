/**
 * The engines beneath {@link dev.kiln.runtime.kernels.BatchNorm}, and the one place that chooses
 * among them, {@link dev.kiln.runtime.kernels.batchnorm.BatchNormEngine}:
 * {@link dev.kiln.runtime.kernels.batchnorm.RowsFloatBatchNorm} (float32 rows of C: channels last
 * and [N,C], walked in blocks of rows by {@link dev.kiln.runtime.kernels.batchnorm.RowBlocks}),
 * {@link dev.kiln.runtime.kernels.batchnorm.NchwFloatBatchNorm} (float32 NCHW, a channel at a
 * time through a per-thread array) and {@link dev.kiln.runtime.kernels.batchnorm.GenericBatchNorm}
 * (element by element in double, any layout and data type). {@link dev.kiln.runtime.kernels.batchnorm.BatchNormChecks}
 * holds batch norm's argument checks.
 */
package dev.kiln.runtime.kernels.batchnorm;
