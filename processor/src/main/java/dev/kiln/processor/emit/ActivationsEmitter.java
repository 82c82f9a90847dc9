package dev.kiln.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.plan.Layout;
import dev.kiln.processor.plan.Plan;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The nested class holding every buffer planned for one batch size: allocated once in its
 * constructor, views made by reshaping their base, then reused by every step at that size. Under
 * the channels-last layout a map buffer is allocated {@code [N,H,W,C]}, and {@code outputs()}
 * holds permuted views of it, so that what the user sees stays NCHW.
 */
final class ActivationsEmitter {
    static final String NAME = "Activations";

    private ActivationsEmitter() {}

    static TypeSpec emit(Plan plan) {
        TypeSpec.Builder t = TypeSpec.classBuilder(NAME)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The buffers planned at compile time for one batch size, allocated once.\n")
                .addField(FieldSpec.builder(int.class, "batch", Modifier.FINAL).build());
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder()
                .addParameter(int.class, "n")
                .addParameter(Types.DATA_TYPE, "type")
                .addStatement("batch = n");
        for (Plan.Buffer b : plan.buffers()) {
            List<Integer> stored = stored(plan, b);
            String shape = "[N," + stored.stream().map(String::valueOf).collect(Collectors.joining(",")) + "]"
                    + (channelsLast(plan, b) ? " (channels last)" : "");
            String doc = (b.gradient() ? "Gradient " : "") + shape + (b.viewOf() != null ? ", a view of " + b.viewOf() : "")
                    + (b.aliasOf() != null ? ", sharing memory with " + b.aliasOf() + " (their lives in backward do not overlap)" : "");
            t.addField(FieldSpec.builder(Types.INDARRAY, b.field(), Modifier.FINAL).addJavadoc("$L\n", doc).build());
            String dims = stored.stream().map(String::valueOf).collect(Collectors.joining(", "));
            if (b.aliasOf() != null) {
                ctor.addStatement("$L = $L", b.field(), b.aliasOf());
            } else if (b.viewOf() != null) {
                ctor.addStatement("$L = $L.reshape('c', n, $L)", b.field(), b.viewOf(), dims);
            } else {
                ctor.addStatement("$L = $T.zeros(type, n, $L)", b.field(), Types.ND4J, dims);
            }
        }
        t.addField(FieldSpec.builder(Types.MAP_OF_ARRAYS, "outputs", Modifier.FINAL)
                .addJavadoc("What forward writes, by layer and step, in forward order: {@code Network.outputs()}.\n").build());
        ctor.addStatement("$T<String, $T> named = new $T<>()", java.util.Map.class, Types.INDARRAY, java.util.LinkedHashMap.class);
        for (Plan.Buffer b : plan.buffers()) {
            if (b.output() != null) {
                ctor.addStatement("named.put($S, $L)", b.output(), nchw(plan, b));
            }
        }
        ctor.addStatement("outputs = $T.unmodifiableMap(named)", java.util.Collections.class);
        return t.addMethod(ctor.build()).build();
    }

    /** Whether buffer b is a map stored channels last, [N,H,W,C]. */
    static boolean channelsLast(Plan plan, Plan.Buffer b) {
        return plan.layout() == Layout.CHANNELS_LAST && b.isMap();
    }

    /** b's dimensions after N as allocated: [C,H,W] as [H,W,C] when channels last. */
    static List<Integer> stored(Plan plan, Plan.Buffer b) {
        List<Integer> d = b.shape();
        return channelsLast(plan, b) ? List.of(d.get(1), d.get(2), d.get(0)) : d;
    }

    /** The statement copying the user's NCHW array {@code source} into buffer b, moving the channels last where b stores them so. */
    static CodeBlock copyIn(Plan plan, Plan.Buffer b, String source) {
        return channelsLast(plan, b) ? CodeBlock.of("$T.fromNchw($L, a.$L)", Types.CHANNELS_LAST, source, b.field())
                : CodeBlock.of("a.$L.assign($L)", b.field(), source);
    }

    /** An expression for buffer b seen as NCHW: the buffer, or its permuted view when stored channels last. */
    static String nchw(Plan plan, Plan.Buffer b) {
        return channelsLast(plan, b) ? b.field() + ".permute(0, 3, 1, 2)" : b.field();
    }

    /** The doc line for the class Javadoc: what one training step holds at a batch size. */
    static CodeBlock sizes(Plan plan) {
        return CodeBlock.of("$L", plan.elementsPerExample());
    }
}
