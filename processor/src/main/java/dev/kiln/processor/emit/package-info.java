/**
 * The {@code emit} stage: JavaPoet specs for the generated classes. The only stage that
 * produces source text; {@link dev.kiln.processor.KilnProcessor} hands the result to the Filer.
 */
package dev.kiln.processor.emit;
