package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.kiln.processor.plan.Plan;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Lays out the planned steps as straight-line methods: per model method one {@code forwardX}
 * and one {@code backwardX}, each step under a comment naming its layer, one statement per
 * kernel call.
 */
final class StepEmitter {
    /** Kernels called statically, by class name. */
    static final Set<String> STATIC_KERNELS = Set.of("Add", "Grad", "Concat", "Dense", "Relu", "LeakyRelu", "Tanh",
            "Sigmoid", "GlobalAvgPool", "ZeroPadShortcut");

    private StepEmitter() {}

    static MethodSpec forward(Plan.Group g, ClassName activations) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward" + capital(g.method().name()))
                .addModifiers(Modifier.PRIVATE)
                .addParameter(boolean.class, "training")
                .addStatement("$T a = this.a", activations);
        for (Plan.Step step : g.forward()) {
            m.addCode(steps(step, true));
        }
        return m.build();
    }

    static MethodSpec backward(Plan.Group g, ClassName activations) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("backward" + capital(g.method().name()))
                .addModifiers(Modifier.PRIVATE)
                .addStatement("$T a = this.a", activations);
        for (Plan.Step step : g.backward()) {
            m.addCode(steps(step, false));
        }
        return m.build();
    }

    private static CodeBlock steps(Plan.Step step, boolean forward) {
        CodeBlock.Builder c = CodeBlock.builder().add("\n// $L\n", step.comment());
        for (Plan.Call call : step.calls()) {
            if (call.inference() != null && forward) {
                c.beginControlFlow("if (training)").add(statement(call)).nextControlFlow("else")
                        .add(statement(call.inference())).endControlFlow();
            } else {
                c.add(statement(call));
            }
        }
        return c.build();
    }

    private static CodeBlock statement(Plan.Call call) {
        String args = String.join(", ", call.args());
        if (STATIC_KERNELS.contains(call.target())) {
            return CodeBlock.builder().addStatement("$T.$L($L)", Types.kernel(call.target()), call.method(), args).build();
        }
        return CodeBlock.builder().addStatement("$L.$L($L)", call.target(), call.method(), args).build();
    }

    static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The buffer fields a list of groups refers to, for callers that need them. */
    static List<String> methodNames(List<Plan.Group> groups, String prefix) {
        return groups.stream().map(g -> prefix + capital(g.method().name())).toList();
    }
}
