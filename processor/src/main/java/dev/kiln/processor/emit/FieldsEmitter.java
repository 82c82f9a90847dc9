package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.Plan;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * What lives as long as the network: the parameter holders ({@code params}, their values,
 * shared by replicas; {@code grads}, their gradients, of one instance), the state holder (BN
 * running statistics, shared), the dropout seed, and the kernel instances; and the two
 * constructors: one takes the holders a network shares with its replicas and makes its own
 * gradients, the other makes everything else and hands the parameter list and state map to
 * the runtime base class.
 */
final class FieldsEmitter {
    private FieldsEmitter() {}

    static boolean hasDropout(Plan plan) {
        return plan.kernels().stream().anyMatch(k -> k.kernel() == Kernel.DROPOUT);
    }

    static boolean hasState(Plan plan) {
        return plan.params().stream().anyMatch(p -> !p.trainable());
    }

    static void emit(Plan plan, TypeSpec.Builder type, ClassName self) {
        ClassName params = self.nestedClass(HoldersEmitter.PARAMS);
        ClassName state = self.nestedClass(HoldersEmitter.STATE);
        type.addField(FieldSpec.builder(params, "params", Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("The parameters' values, shared with replicas.\n").build())
                .addField(FieldSpec.builder(params, "grads", Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("The parameters' gradients, this instance's own.\n").build());
        if (hasState(plan)) {
            type.addField(FieldSpec.builder(state, "state", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The running statistics, shared with replicas.\n").build());
        }
        if (hasDropout(plan)) {
            type.addField(FieldSpec.builder(long.class, "seed", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The seed of the dropout streams, which replicas start from too.\n").build());
        }
        for (Plan.KernelField k : plan.kernels()) {
            type.addField(FieldSpec.builder(Types.kernel(k.kernel()), k.field(), Modifier.PRIVATE, Modifier.FINAL).build());
        }
        type.addMethod(shared(plan, params, state)).addMethod(full(plan, params, state));
    }

    /** {@code (dataType, params, state, seed)}: what a replica shares; the network's own gradients are new. */
    private static MethodSpec shared(Plan plan, ClassName params, ClassName state) {
        MethodSpec.Builder m = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE);
        parameters(m, plan, params, state, false);
        return m.addStatement("this($L)", arguments(plan, CodeBlock.of("dataType"), CodeBlock.of("params"),
                CodeBlock.of("new $T($T.zeroed(dataType))", params, Types.INIT), CodeBlock.of("state"))).build();
    }

    private static MethodSpec full(Plan plan, ClassName params, ClassName state) {
        MethodSpec.Builder m = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE);
        parameters(m, plan, params, state, true);
        m.addStatement("super(FACTS, dataType, params.with(grads), $L)",
                        hasState(plan) ? CodeBlock.of("state.byName()") : CodeBlock.of("$T.of()", java.util.Map.class))
                .addStatement("this.params = params")
                .addStatement("this.grads = grads");
        if (hasState(plan)) {
            m.addStatement("this.state = state");
        }
        if (hasDropout(plan)) {
            m.addStatement("this.seed = seed");
        }
        for (Plan.KernelField k : plan.kernels()) {
            m.addStatement("$N = new $T($L)", k.field(), Types.kernel(k.kernel()), Arguments.of(k.args()));
        }
        return m.build();
    }

    private static void parameters(MethodSpec.Builder m, Plan plan, ClassName params, ClassName state, boolean grads) {
        m.addParameter(Types.DATA_TYPE, "dataType").addParameter(params, "params");
        if (grads) {
            m.addParameter(params, "grads");
        }
        if (hasState(plan)) {
            m.addParameter(state, "state");
        }
        if (hasDropout(plan)) {
            m.addParameter(long.class, "seed");
        }
    }

    /**
     * A constructor call's arguments in its parameters' order: {@code dataType}, {@code params},
     * {@code grads} (null for the sharing constructor, which makes its own), then {@code state} and
     * the dropout {@code seed} where the model has them.
     */
    private static CodeBlock arguments(Plan plan, CodeBlock dataType, CodeBlock params, CodeBlock grads, CodeBlock state) {
        List<CodeBlock> args = new java.util.ArrayList<>(List.of(dataType, params));
        if (grads != null) {
            args.add(grads);
        }
        if (hasState(plan)) {
            args.add(state);
        }
        if (hasDropout(plan)) {
            args.add(CodeBlock.of("seed"));
        }
        return CodeBlock.join(args, ", ");
    }

    /** The arguments of the sharing constructor for a network of its own, made by {@code create}. */
    static CodeBlock created(Plan plan, ClassName self) {
        return arguments(plan, CodeBlock.of("dataType"), CodeBlock.of("new $T(init)", self.nestedClass(HoldersEmitter.PARAMS)), null,
                CodeBlock.of("new $T(init)", self.nestedClass(HoldersEmitter.STATE)));
    }

    /** The arguments of the sharing constructor for a replica of this network. */
    static CodeBlock replicated(Plan plan) {
        return arguments(plan, CodeBlock.of("dataType()"), CodeBlock.of("params"), null, CodeBlock.of("state"));
    }
}
