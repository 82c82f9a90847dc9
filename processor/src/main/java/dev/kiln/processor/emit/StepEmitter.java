package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.kiln.processor.plan.Op;
import dev.kiln.processor.plan.Plan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Lays out the planned steps as straight-line methods: per model method one {@code forwardX}
 * (taking {@code training} only where a step differs between the modes) and one
 * {@code backwardX}, each step under a comment naming its layer, one statement per kernel call.
 */
final class StepEmitter {
    private StepEmitter() {}

    static MethodSpec forward(Plan.Group g, String suffix, ClassName activations) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward" + suffix).addModifiers(Modifier.PRIVATE);
        if (g.forwardUsesMode()) {
            m.addParameter(boolean.class, "training");
        }
        m.addStatement("$T a = buffers()", activations);
        g.forward().forEach(step -> m.addCode(step(step)));
        return m.build();
    }

    static MethodSpec backward(Plan.Group g, String suffix, ClassName activations) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("backward" + suffix).addModifiers(Modifier.PRIVATE)
                .addStatement("$T a = buffers()", activations);
        g.backward().forEach(step -> m.addCode(step(step)));
        return m.build();
    }

    /** The call of group {@code g}'s forward method: {@code forwardStem(training)} or {@code forwardPooled()}. */
    static CodeBlock forwardCall(Plan.Group g, String suffix, String mode) {
        return g.forwardUsesMode() ? CodeBlock.of("forward$L($L)", suffix, mode) : CodeBlock.of("forward$L()", suffix);
    }

    /**
     * A step under its comment; one that runs other calls at inference (a convolution and its batch
     * norm folded into one) as {@code if (training) {…} else {…}}, the else left out when the
     * inference calls are elsewhere.
     */
    private static CodeBlock step(Plan.Step step) {
        String folded = step.differsAtInference() && step.inference().isEmpty()
                ? "; at inference, one call with its batch norm, below" : "";
        CodeBlock.Builder c = CodeBlock.builder()
                .add("\n// $L$L$L\n", step.comment(), step.reason() == null ? "" : ", " + step.reason(), folded);
        if (!step.differsAtInference()) {
            step.ops().forEach(op -> c.addStatement(Arguments.call(op)));
            return c.build();
        }
        c.beginControlFlow("if (training)");
        step.ops().forEach(op -> c.addStatement(Arguments.call(op)));
        if (!step.inference().isEmpty()) {
            c.nextControlFlow("else");
            step.inference().forEach(op -> c.addStatement(Arguments.call(op)));
        }
        return c.endControlFlow().build();
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
