package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.Plan;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * What the runtime's {@code GeneratedNetwork} asks of a model: buffers for a batch size, the
 * input copied in, every layer forward and backward in the plan's order, the loss on this
 * model's logits, a replica, and the dropout streams restarted. The rest of the
 * {@code Network} contract (the guard, the order of calls, the training step) is the base
 * class's.
 */
final class ContractEmitter {
    private ContractEmitter() {}

    static void emit(Plan plan, TypeSpec.Builder type, ClassName self, ClassName activations) {
        Map<String, String> suffixes = StepEmitter.methodSuffixes(plan);
        Plan.Buffer input = plan.buffer(plan.input());
        type.addMethod(override("replica", self).addModifiers(Modifier.PUBLIC)
                        .addJavadoc("A network for another thread: it shares this one's parameters and running statistics\n"
                                + "(the same arrays) and has its own gradients, buffers and kernels. For concurrent\n"
                                + "inference: training one while another predicts is a data race.\n")
                        .addStatement("return withSettings(new $T($L))", self, FieldsEmitter.replicated(plan)).build());
        if (FieldsEmitter.hasDropout(plan)) {
            MethodSpec.Builder reseed = override("reseed", TypeName.VOID).addModifiers(Modifier.PUBLIC)
                    .addParameter(long.class, "seed");
            for (int i = 0; i < plan.kernels().size(); i++) {
                Plan.KernelField k = plan.kernels().get(i);
                if (k.kernel() == Kernel.DROPOUT) {
                    // the same stream the constructor gives it: seed + the kernel's index
                    reseed.addStatement("$N.reseed(seed + $L)", k.field(), i);
                }
            }
            type.addMethod(reseed.build());
        }
        type.addMethod(override("allocate", activations).addParameter(int.class, "batch")
                        .addStatement("return new $T(batch, dataType())", activations).build())
                .addMethod(override("loadInput", TypeName.VOID).addParameter(Types.INDARRAY, "input").addParameter(activations, "a")
                        .addStatement(ActivationsEmitter.copyIn(plan, input, "a", "input")).build());

        MethodSpec.Builder forward = override("forward", Types.INDARRAY).addParameter(boolean.class, "training");
        for (Plan.Group g : plan.groups()) {
            forward.addStatement(StepEmitter.forwardCall(g, suffixes.get(g.method().name()), "training"));
        }
        type.addMethod(forward.addStatement("return buffers().$N", plan.logits()).build());

        type.addMethod(override("crossEntropy", TypeName.DOUBLE)
                .addParameter(int[].class, "labels").addParameter(double.class, "labelSmoothing")
                .addStatement("$T a = buffers()", activations)
                .addStatement("double loss = $T.forward(a.$N, labels, a.$N, labelSmoothing)", Types.SOFTMAX_CE, plan.logits(),
                        plan.probs())
                .addStatement("$T.backward(a.$N, labels, labelSmoothing, a.$N)", Types.SOFTMAX_CE, plan.probs(), plan.dLogits())
                .addStatement("return loss").build());

        MethodSpec.Builder backward = override("runBackward", TypeName.VOID);
        for (int i = plan.groups().size() - 1; i >= 0; i--) {
            Plan.Group g = plan.groups().get(i);
            if (!g.backward().isEmpty()) {
                backward.addStatement("backward$L()", suffixes.get(g.method().name()));
            }
        }
        type.addMethod(backward.build()).addMethod(OnnxEmitter.emit(plan));
    }

    /** A protected override; public ones add the modifier themselves. */
    private static MethodSpec.Builder override(String name, TypeName returns) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addAnnotation(Override.class).returns(returns);
        return name.equals("replica") || name.equals("reseed") ? m : m.addModifiers(Modifier.PROTECTED);
    }
}
