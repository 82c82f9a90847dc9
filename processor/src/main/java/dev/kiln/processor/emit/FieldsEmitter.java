package dev.kiln.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Parameters, gradients, state and kernel instances: the fields that live as long as the
 * network, and the constructor that initialises them from one seed (He for weights, BN scale 1
 * and shift 0, running mean 0 and variance 1).
 */
final class FieldsEmitter {
    private FieldsEmitter() {}

    static void emit(Plan plan, TypeSpec.Builder type) {
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(long.class, "seed")
                .addParameter(Types.DATA_TYPE, "dataType")
                .addStatement("this.dataType = dataType")
                .addStatement("$T random = new $T(seed)", java.util.SplittableRandom.class, java.util.SplittableRandom.class);
        List<CodeBlock> parameters = new ArrayList<>();
        List<CodeBlock> state = new ArrayList<>();
        for (Plan.ParamField p : plan.params()) {
            String dims = p.tensor().shape().stream().map(String::valueOf).collect(Collectors.joining(", "));
            type.addField(FieldSpec.builder(Types.INDARRAY, p.field(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("$L [$L]$L\n", p.tensor().name(), dims, p.gradient() == null ? ", state (not trained)" : "")
                    .build());
            switch (p.init()) {
                case HE -> ctor.addStatement("$L = $T.he(dataType, random, $L)", p.field(), Types.INIT, dims);
                case ONE -> ctor.addStatement("$L = $T.constant(dataType, 1, $L)", p.field(), Types.INIT, dims);
                case ZERO -> ctor.addStatement("$L = $T.constant(dataType, 0, $L)", p.field(), Types.INIT, dims);
            }
            if (p.gradient() != null) {
                type.addField(FieldSpec.builder(Types.INDARRAY, p.gradient(), Modifier.PRIVATE, Modifier.FINAL).build());
                ctor.addStatement("$L = $T.zeros(dataType, $L)", p.gradient(), Types.ND4J, dims);
                parameters.add(CodeBlock.of("new $T($S, $L, $L, $T.Kind.$L)", Types.PARAMETER, p.tensor().name(),
                        p.field(), p.gradient(), Types.PARAMETER, p.kind()));
            } else {
                state.add(CodeBlock.of("$S, $L", p.tensor().name(), p.field()));
            }
        }
        for (Plan.KernelField k : plan.kernels()) {
            type.addField(FieldSpec.builder(Types.kernel(k.type()), k.field(), Modifier.PRIVATE, Modifier.FINAL).build());
            ctor.addStatement("$L = new $T($L)", k.field(), Types.kernel(k.type()), k.args());
        }
        ctor.addStatement("parameters = $T.of(\n$>$L$<)", List.class, CodeBlock.join(parameters, ",\n"));
        ctor.addStatement("$T<String, $T> named = new $T<>()", java.util.Map.class, Types.INDARRAY,
                java.util.LinkedHashMap.class);
        for (CodeBlock s : state) {
            ctor.addStatement("named.put($L)", s);
        }
        ctor.addStatement("state = $T.unmodifiableMap(named)", java.util.Collections.class);
        type.addMethod(ctor.build());
    }
}
