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
 * holds permuted views of it, so that what the user sees stays NCHW. Package-private, as the
 * type argument of the class that declares it.
 */
final class ActivationsEmitter {
    static final String NAME = "Activations";

    private ActivationsEmitter() {}

    static TypeSpec emit(Plan plan) {
        TypeSpec.Builder t = TypeSpec.classBuilder(NAME)
                .addModifiers(Modifier.STATIC, Modifier.FINAL)
                .superclass(Types.BUFFERS)
                .addJavadoc("The buffers planned at compile time for one batch size, allocated once$L.\n",
                        plan.layout() == Layout.CHANNELS_LAST ? "; maps are stored channels last, [N,H,W,C]" : "");
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder()
                .addParameter(int.class, "n")
                .addParameter(Types.DATA_TYPE, "type")
                .addStatement("super(n)");
        for (Plan.Buffer b : plan.buffers()) {
            FieldSpec.Builder field = FieldSpec.builder(Types.INDARRAY, b.field(), Modifier.FINAL);
            String dims = stored(plan, b).stream().map(String::valueOf).collect(Collectors.joining(", "));
            if (b.aliasOf() != null) {
                field.addJavadoc("Shares memory with $L: their lives in backward do not overlap.\n", b.aliasOf());
                ctor.addStatement("$N = $N", b.field(), b.aliasOf());
            } else if (b.viewOf() != null) {
                field.addJavadoc("A view of $L as [N,$L].\n", b.viewOf(), dims.replace(" ", ""));
                ctor.addStatement("$N = $N.reshape('c', n, $L)", b.field(), b.viewOf(), dims);
            } else {
                ctor.addStatement("$N = $T.zeros(type, n, $L)", b.field(), Types.ND4J, dims);
            }
            t.addField(field.build());
        }
        t.addField(FieldSpec.builder(Types.MAP_OF_ARRAYS, "outputs", Modifier.PRIVATE, Modifier.FINAL).build());
        ctor.addStatement("$T<String, $T> named = new $T<>()", java.util.Map.class, Types.INDARRAY, java.util.LinkedHashMap.class);
        for (Plan.Buffer b : plan.buffers()) {
            if (b.output() != null) {
                ctor.addStatement("named.put($S, $L)", b.output(), nchw(plan, b));
            }
        }
        ctor.addStatement("outputs = $T.unmodifiableMap(named)", java.util.Collections.class);
        return t.addMethod(ctor.build())
                .addMethod(MethodSpec.methodBuilder("outputs").addAnnotation(Override.class).addModifiers(Modifier.PROTECTED)
                        .returns(Types.MAP_OF_ARRAYS).addStatement("return outputs").build())
                .build();
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

    /**
     * The statement copying the user's NCHW array {@code source} into buffer b of the holder
     * {@code holder} ({@code a}, {@code buffers()}), moving the channels last where b stores them so.
     */
    static CodeBlock copyIn(Plan plan, Plan.Buffer b, String holder, String source) {
        return channelsLast(plan, b) ? CodeBlock.of("$T.fromNchw($N, $L.$N)", Types.CHANNELS_LAST, source, holder, b.field())
                : CodeBlock.of("$L.$N.assign($N)", holder, b.field(), source);
    }

    /** An expression for buffer b seen as NCHW: the buffer, or its permuted view when stored channels last. */
    static CodeBlock nchw(Plan plan, Plan.Buffer b) {
        return channelsLast(plan, b) ? CodeBlock.of("$N.permute(0, 3, 1, 2)", b.field()) : CodeBlock.of("$N", b.field());
    }
}
