/**
 * Diagnostics: the {@link dev.kiln.processor.diag.Code} enum holding every message, the
 * {@link dev.kiln.processor.diag.Report} the stages fill, and the one class that prints to
 * javac's {@code Messager}.
 */
package dev.kiln.processor.diag;
