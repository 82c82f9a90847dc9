/**
 * The {@code resolve} stage: a {@link dev.kiln.processor.model.Declaration} with its blocks →
 * a flat {@link dev.kiln.processor.resolve.Graph} of dotted-name nodes. Reports unknown names
 * (with "did you mean"), layer and block cycles, unread layers and missing blocks.
 */
package dev.kiln.processor.resolve;
