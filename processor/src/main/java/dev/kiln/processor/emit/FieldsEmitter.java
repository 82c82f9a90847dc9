package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;
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
 * network, and its two constructors: one initialises them from a seed (He for weights, BN scale
 * 1 and shift 0, running mean 0 and variance 1), the other makes a replica that takes the
 * parameter and state arrays of its source and new everything else.
 */
final class FieldsEmitter {
    private FieldsEmitter() {}

    static void emit(Plan plan, TypeSpec.Builder type, ClassName self) {
        boolean seeded = plan.kernels().stream().anyMatch(k -> k.type().equals("Dropout"));
        if (seeded) {
            type.addField(FieldSpec.builder(long.class, "seed", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The seed of the dropout streams, which replicas start from too.\n").build());
        }
        for (Plan.ParamField p : plan.params()) {
            type.addField(FieldSpec.builder(Types.INDARRAY, p.field(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("$L [$L]$L\n", p.tensor().name(), dims(p), p.gradient() == null ? ", state (not trained)" : "")
                    .build());
            if (p.gradient() != null) {
                type.addField(FieldSpec.builder(Types.INDARRAY, p.gradient(), Modifier.PRIVATE, Modifier.FINAL).build());
            }
        }
        for (Plan.KernelField k : plan.kernels()) {
            type.addField(FieldSpec.builder(Types.kernel(k.type()), k.field(), Modifier.PRIVATE, Modifier.FINAL).build());
        }

        MethodSpec.Builder fresh = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(long.class, "seed")
                .addParameter(Types.DATA_TYPE, "dataType")
                .addStatement("this.dataType = dataType");
        if (seeded) {
            fresh.addStatement("this.seed = seed");
        }
        fresh.addStatement("$T random = new $T(seed)", java.util.SplittableRandom.class, java.util.SplittableRandom.class);
        MethodSpec.Builder replica = MethodSpec.constructorBuilder()
                .addJavadoc("A replica of {@code source}: its parameter and state arrays, new gradients, kernels and buffers.\n")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(self, "source")
                .addStatement("this.dataType = source.dataType");
        if (seeded) {
            replica.addStatement("this.seed = source.seed");
        }
        for (Plan.ParamField p : plan.params()) {
            switch (p.init()) {
                case HE -> fresh.addStatement("$L = $T.he(dataType, random, $L)", p.field(), Types.INIT, dims(p));
                case ONE -> fresh.addStatement("$L = $T.constant(dataType, 1, $L)", p.field(), Types.INIT, dims(p));
                case ZERO -> fresh.addStatement("$L = $T.constant(dataType, 0, $L)", p.field(), Types.INIT, dims(p));
            }
            replica.addStatement("$L = source.$L", p.field(), p.field());
            if (p.gradient() != null) {
                fresh.addStatement("$L = $T.zeros(dataType, $L)", p.gradient(), Types.ND4J, dims(p));
                replica.addStatement("$L = $T.zeros(dataType, $L)", p.gradient(), Types.ND4J, dims(p));
            }
        }
        CodeBlock rest = lists(plan);
        type.addMethod(fresh.addCode(rest).build());
        type.addMethod(replica.addCode(rest)
                .addStatement("checkInputs = source.checkInputs")
                .addStatement("labelSmoothing = source.labelSmoothing").build());
    }

    /** What both constructors end with: the kernels, the parameter list and the state map. */
    private static CodeBlock lists(Plan plan) {
        CodeBlock.Builder code = CodeBlock.builder();
        for (Plan.KernelField k : plan.kernels()) {
            code.addStatement("$L = new $T($L)", k.field(), Types.kernel(k.type()), k.args());
        }
        List<CodeBlock> parameters = new ArrayList<>();
        List<CodeBlock> state = new ArrayList<>();
        for (Plan.ParamField p : plan.params()) {
            if (p.gradient() != null) {
                parameters.add(CodeBlock.of("new $T($S, $L, $L, $T.Kind.$L)", Types.PARAMETER, p.tensor().name(),
                        p.field(), p.gradient(), Types.PARAMETER, p.kind()));
            } else {
                state.add(CodeBlock.of("$S, $L", p.tensor().name(), p.field()));
            }
        }
        code.addStatement("parameters = $T.of(\n$>$L$<)", List.class, CodeBlock.join(parameters, ",\n"));
        code.addStatement("$T<String, $T> named = new $T<>()", java.util.Map.class, Types.INDARRAY,
                java.util.LinkedHashMap.class);
        for (CodeBlock s : state) {
            code.addStatement("named.put($L)", s);
        }
        code.addStatement("state = $T.unmodifiableMap(named)", java.util.Collections.class);
        return code.build();
    }

    private static String dims(Plan.ParamField p) {
        return p.tensor().shape().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
