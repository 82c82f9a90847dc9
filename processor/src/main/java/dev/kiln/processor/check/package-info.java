/**
 * The {@code check} stage's rules that are not found while reading, resolving or shaping:
 * annotation values ({@link dev.kiln.processor.check.DeclarationRules}), whole-model facts such
 * as the declared parameter count ({@link dev.kiln.processor.check.ModelRules}), and whether the
 * planned class can be compiled at all ({@link dev.kiln.processor.check.GeneratedSize}).
 */
package dev.kiln.processor.check;
