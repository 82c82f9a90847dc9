/**
 * The immutable description of a declaration as read from source: {@link
 * dev.kiln.processor.model.Declaration}, its {@link dev.kiln.processor.model.LayerDecl} methods and
 * their {@link dev.kiln.processor.model.Spec} annotations. Only {@link
 * dev.kiln.processor.model.SourceRef} holds javac's types, and no stage after {@code read} looks
 * inside it.
 */
package dev.kiln.processor.model;
