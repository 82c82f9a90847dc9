package dev.kiln.processor.resolve;

import dev.kiln.processor.model.Declaration;

/** Finds the block a {@code @Residual}/{@code @Stack} names; backed by javac in the processor, by a map in tests. */
@FunctionalInterface
public interface BlockLookup {
    Found find(String qualifiedName);

    /** What the name turned out to be. */
    sealed interface Found {}

    record Block(Declaration declaration) implements Found {}

    /** A type that exists but is not a {@code @Block} (a {@code @Model}, say). */
    record NotABlock(String simpleName) implements Found {}

    record Missing() implements Found {}

    /** A block read from a class file compiled without {@code -parameters}: its wiring by name is lost. */
    record WithoutParameterNames(String simpleName) implements Found {}

    /** A block whose own declaration is wrong; that was reported where it was read. */
    record Invalid() implements Found {}
}
