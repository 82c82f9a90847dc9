package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The nested holders of the network's tensors, as llm.c keeps {@code params} and
 * {@code grads}: {@code Params}, the trainable tensors, of which a network has two instances,
 * values and gradients; and {@code State}, the tensors that are not trained. Each constructor
 * makes its tensors from an {@code Init}: He for weights, one for BN scales and running
 * variances, zero for the rest, or every tensor zero for the gradients.
 */
final class HoldersEmitter {
    static final String PARAMS = "Params";
    static final String STATE = "State";

    private HoldersEmitter() {}

    static TypeSpec params(Plan plan, ClassName self) {
        TypeSpec.Builder t = holder(PARAMS, "The trainable tensors: one instance holds their values, another their gradients.\n");
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addParameter(Types.INIT, "init");
        List<CodeBlock> list = new ArrayList<>();
        for (Plan.ParamField p : plan.params()) {
            if (p.trainable()) {
                field(t, ctor, p);
                list.add(CodeBlock.of("new $T($S, $N, grads.$N, $T.Kind.$L)", Types.PARAMETER, p.tensor().name(), p.field(),
                        p.field(), Types.PARAMETER, p.kind()));
            }
        }
        return t.addMethod(ctor.build())
                .addMethod(MethodSpec.methodBuilder("with")
                        .addJavadoc("These values with their gradients in {@code grads}, as the optimizer sees them.\n")
                        .returns(ParameterizedTypeName.get(ClassName.get(List.class), Types.PARAMETER))
                        .addParameter(self.nestedClass(PARAMS), "grads")
                        .addStatement("return $T.of(\n$>$L$<)", List.class, CodeBlock.join(list, ",\n")).build())
                .build();
    }

    static TypeSpec state(Plan plan) {
        TypeSpec.Builder t = holder(STATE, "The tensors that are not trained: batch norms' running statistics.\n");
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addParameter(Types.INIT, "init");
        MethodSpec.Builder byName = MethodSpec.methodBuilder("byName")
                .addJavadoc("The tensors by their PyTorch names, in declaration order.\n")
                .returns(Types.MAP_OF_ARRAYS)
                .addStatement("$T<String, $T> named = new $T<>()", Map.class, Types.INDARRAY, LinkedHashMap.class);
        for (Plan.ParamField p : plan.params()) {
            if (!p.trainable()) {
                field(t, ctor, p);
                byName.addStatement("named.put($S, $N)", p.tensor().name(), p.field());
            }
        }
        return t.addMethod(ctor.build()).addMethod(byName.addStatement("return named").build()).build();
    }

    private static TypeSpec.Builder holder(String name, String doc) {
        return TypeSpec.classBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).addJavadoc(doc);
    }

    private static void field(TypeSpec.Builder t, MethodSpec.Builder ctor, Plan.ParamField p) {
        t.addField(FieldSpec.builder(Types.INDARRAY, p.field(), Modifier.FINAL).build());
        String make = switch (p.init()) {
            case HE -> "he";
            case ONE -> "ones";
            case ZERO -> "zeros";
        };
        ctor.addStatement("$N = init.$L($L)", p.field(), make,
                p.tensor().shape().stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }
}
