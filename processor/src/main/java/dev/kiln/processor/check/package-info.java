/**
 * The {@code check} stage's rules that are not found while reading, resolving or shaping:
 * annotation values ({@link dev.kiln.processor.check.DeclarationRules}) and whole-model
 * facts such as the declared parameter count ({@link dev.kiln.processor.check.ModelRules}).
 */
package dev.kiln.processor.check;
