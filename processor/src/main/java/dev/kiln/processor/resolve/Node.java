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
     * or an error). {@code reluFromStack}: the ReLU after the add is an enclosing {@code @Stack}'s,
     * applied after the block this add ends (the spec then says {@code reluAfter}).
     */
    record Shortcut(String name, List<String> inputs, Spec.Repeat spec, int stride, boolean reluFromStack) implements Node {
        public Shortcut {
            inputs = List.copyOf(inputs);
        }

        public Shortcut(String name, List<String> inputs, Spec.Repeat spec, int stride) {
            this(name, inputs, spec, stride, false);
        }

        public SourceRef ref() {
            return spec.ref();
        }
    }
}
