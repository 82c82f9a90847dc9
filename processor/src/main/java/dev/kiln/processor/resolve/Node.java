package dev.kiln.processor.resolve;

import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.SourceRef;
import dev.kiln.processor.model.Spec;
import java.util.List;

/**
 * One step of the flattened network. Names are PyTorch-style dotted paths
 * ({@code stage1.0.conv1}); inputs name earlier nodes, or {@code input}.
 */
public sealed interface Node {
    String name();

    List<String> inputs();

    SourceRef ref();

    /**
     * A layer unit from one method, with block sentinels already replaced: conv filters and
     * stride are numbers, padding is explicit.
     *
     * @param declaredIn the interface whose method this is, for messages
     */
    record Unit(String name, List<String> inputs, LayerDecl layer, String declaredIn) implements Node {
        public Unit {
            inputs = List.copyOf(inputs);
        }

        public SourceRef ref() {
            return layer.ref();
        }
    }

    /**
     * The add at the end of one residual repeat: {@code inputs = [blockOutput, shortcutInput]}.
     * Where shapes differ, the spec's policy decides (projection with {@code stride}, zero-pad,
     * or an error).
     */
    record Shortcut(String name, List<String> inputs, Spec.Repeat spec, int stride) implements Node {
        public Shortcut {
            inputs = List.copyOf(inputs);
        }

        public SourceRef ref() {
            return spec.ref();
        }
    }
}
