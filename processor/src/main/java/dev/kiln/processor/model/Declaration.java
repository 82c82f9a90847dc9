package dev.kiln.processor.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An annotated interface as read: a {@code @Model} (with its input shape) or a {@code @Block}.
 * Layers are in declaration order; the last one is the output.
 *
 * @param simpleName      the interface's simple name, {@code ResNet20}
 * @param qualifiedName   its canonical name, {@code dev.kiln.samples.ResNet20}
 * @param packageName     its package, where the generated class goes
 * @param kind            model or block
 * @param input           the input shape of a model; empty for a block
 * @param expectedParams  {@code @Model(params)}, or empty when not given
 * @param layers          one entry per abstract method, in source order
 * @param suppressed      Kiln codes silenced on the interface with {@code @SuppressWarnings("kiln:…")}
 * @param ref             the interface and its {@code @Model}/{@code @Block} annotation
 */
public record Declaration(
        String simpleName,
        String qualifiedName,
        String packageName,
        Kind kind,
        Optional<InputSpec> input,
        Optional<ExpectedParams> expectedParams,
        List<LayerDecl> layers,
        Set<String> suppressed,
        SourceRef ref) {

    public enum Kind {
        MODEL("model"),
        BLOCK("block");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** "model" or "block", for messages. */
        public String word() {
            return word;
        }
    }

    /** The input shape of one example, {@code [channels, height, width]}. */
    public record InputSpec(int channels, int height, int width, SourceRef ref) {}

    /** The parameter count the author wrote in {@code @Model(params = …)}. */
    public record ExpectedParams(long count, SourceRef ref) {}

    public Declaration {
        layers = List.copyOf(layers);
        suppressed = Set.copyOf(suppressed);
    }
}
