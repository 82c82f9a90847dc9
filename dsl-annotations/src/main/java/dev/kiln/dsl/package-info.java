/**
 * The annotations that declare a Kiln network: {@link dev.kiln.dsl.Model} on an interface,
 * one abstract method per layer unit, and {@link dev.kiln.dsl.Block} for reusable sub-networks.
 *
 * <p>Inside one method the annotations always apply in this order, whatever their order in the
 * source: merge ({@link dev.kiln.dsl.Add}/{@link dev.kiln.dsl.Concat}) → {@link dev.kiln.dsl.Flatten}
 * → {@link dev.kiln.dsl.Conv} or {@link dev.kiln.dsl.Dense} → {@link dev.kiln.dsl.BatchNorm} →
 * activation → {@link dev.kiln.dsl.Pool} → {@link dev.kiln.dsl.Dropout}. {@link dev.kiln.dsl.Residual}
 * and {@link dev.kiln.dsl.Stack} stand alone on their method.
 */
package dev.kiln.dsl;
