package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.kiln.processor.plan.Plan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
            "Sigmoid", "GlobalAvgPool", "GlobalAvgPoolChannelsLast", "ZeroPadShortcut");

    private StepEmitter() {}

    /** {@code forward<suffix>(training)}, the suffix from {@link #methodSuffixes}. */
    static MethodSpec forward(Plan.Group g, String suffix, ClassName activations) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward" + suffix)
                .addModifiers(Modifier.PRIVATE)
                .addParameter(boolean.class, "training")
                .addStatement("$T a = this.a", activations);
        for (Plan.Step step : g.forward()) {
            m.addCode(steps(step, true));
        }
        return m.build();
    }

    static MethodSpec backward(Plan.Group g, String suffix, ClassName activations) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("backward" + suffix)
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

    /**
     * The suffix of the {@code forward…}/{@code backward…} methods of each group, by the group's
     * layer name: the name capitalised, with a number where two names capitalise alike
     * ({@code pooled} and {@code Pooled} → {@code Pooled}, {@code Pooled2}).
     */
    static Map<String, String> methodSuffixes(Plan plan) {
        Map<String, String> out = new HashMap<>();
        Set<String> taken = new HashSet<>();
        for (Plan.Group g : plan.groups()) {
            String base = capital(g.method().name());
            String name = base;
            for (int i = 2; !taken.add(name); i++) {
                name = base + i;
            }
            out.put(g.method().name(), name);
        }
        return out;
    }
}
