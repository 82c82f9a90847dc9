package dev.kiln.processor.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One abstract method: a layer unit. The parts apply in this fixed order, whatever their order
 * in the source: merge → flatten → conv or dense → batch norm → activation → pool → dropout.
 * A method with {@code repeat} present ({@code @Residual} or {@code @Stack}) has no other part.
 *
 * @param name       the method name, which is also the layer's name
 * @param inputs     the parameters, each naming a layer (or {@code input}) whose output it takes
 * @param suppressed Kiln codes silenced on this method
 * @param ref        the method element
 */
public record LayerDecl(
        String name,
        List<Param> inputs,
        Optional<Spec.Merge> merge,
        Optional<Spec.Flatten> flatten,
        Optional<Spec.Linear> linear,
        Optional<Spec.BatchNorm> batchNorm,
        Optional<Spec.Activation> activation,
        Optional<Spec.Pool> pool,
        Optional<Spec.Dropout> dropout,
        Optional<Spec.Repeat> repeat,
        Set<String> suppressed,
        SourceRef ref) {

    /** A method parameter: the name of the layer whose output it takes. */
    public record Param(String name, SourceRef ref) {}

    public LayerDecl {
        inputs = List.copyOf(inputs);
        suppressed = Set.copyOf(suppressed);
    }

    /** The declared parts in application order, for messages and the summary. */
    public List<Spec> parts() {
        return java.util.stream.Stream.of(merge, flatten, linear, batchNorm, activation, pool, dropout, repeat)
                .flatMap(Optional::stream)
                .map(Spec.class::cast)
                .toList();
    }
}
