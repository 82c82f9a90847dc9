/**
 * The {@code read} stage: annotated interfaces → {@link dev.kiln.processor.model.Declaration}.
 * Mistakes of form (signatures, annotation mixes, merges) are reported here; everything later
 * works on the immutable model only.
 */
package dev.kiln.processor.read;
