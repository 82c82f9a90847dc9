package dev.kiln.processor.emit;

import static dev.kiln.processor.emit.GuardEmitter.guarded;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.plan.Plan;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The runtime {@code Network} contract: inference, training forward, loss, backward, the
 * training step, and the accessors. The order of the forward and backward calls is the plan's;
 * every method that writes buffers runs inside the guard ({@link GuardEmitter}).
 */
final class ContractEmitter {
    private ContractEmitter() {}

    static void emit(Plan plan, TypeSpec.Builder type, ClassName activations) {
        Map<String, String> suffixes = StepEmitter.methodSuffixes(plan);
        TypeName listOfParameters = ParameterizedTypeName.get(ClassName.get(List.class), Types.PARAMETER);
        TypeName mapOfState = ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class), Types.INDARRAY);
        type.addField(FieldSpec.builder(Types.DATA_TYPE, "dataType", Modifier.PRIVATE, Modifier.FINAL).build())
                .addField(FieldSpec.builder(listOfParameters, "parameters", Modifier.PRIVATE, Modifier.FINAL).build())
                .addField(FieldSpec.builder(mapOfState, "state", Modifier.PRIVATE, Modifier.FINAL).build())
                .addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(Integer.class), activations),
                        "byBatch", Modifier.PRIVATE, Modifier.FINAL).initializer("new $T<>()", java.util.HashMap.class).build())
                .addField(FieldSpec.builder(activations, "a", Modifier.PRIVATE).addJavadoc("The buffers of the current batch size.\n").build())
                .addField(FieldSpec.builder(int[].class, "labels", Modifier.PRIVATE).initializer("new int[0]").build())
                .addField(FieldSpec.builder(long.class, "step", Modifier.PRIVATE).build())
                .addField(FieldSpec.builder(boolean.class, "checkInputs", Modifier.PRIVATE).build())
                .addField(FieldSpec.builder(double.class, "labelSmoothing", Modifier.PRIVATE).build())
                .addField(FieldSpec.builder(int.class, "stage", Modifier.PRIVATE)
                        .addJavadoc("0: nothing to differentiate; 1: after trainForward; 2: after loss.\n").build());

        type.addMethod(override("name", String.class).addStatement("return NAME").build())
                .addMethod(override("dataType", Types.DATA_TYPE).addStatement("return dataType").build())
                .addMethod(override("inputShape", long[].class).addStatement("return INPUT_SHAPE.clone()").build())
                .addMethod(override("classes", int.class).addStatement("return CLASSES").build())
                .addMethod(override("parameters", listOfParameters).addStatement("return parameters").build())
                .addMethod(override("state", mapOfState).addStatement("return state").build())
                .addMethod(override("outputs", mapOfState).addStatement("return a == null ? $T.of() : a.outputs", Map.class).build())
                .addMethod(override("summary", String.class).addStatement("return SUMMARY").build())
                .addMethod(override("trainingBytes", long.class).addParameter(int.class, "batch")
                        .addStatement("return (FIXED_ELEMENTS + ELEMENTS_PER_EXAMPLE * (long) batch) * dataType.width()").build())
                .addMethod(reseed(plan))
                .addMethod(override("setLabelSmoothing", void.class).addParameter(double.class, "s")
                        .beginControlFlow("if (!(s >= 0 && s < 1))")
                        .addStatement("throw new $T(NAME + $S + s)", IllegalArgumentException.class,
                                ": label smoothing must be in [0, 1), but is ")
                        .endControlFlow()
                        .addStatement("labelSmoothing = s").build())
                .addMethod(override("setCheckInputs", void.class).addParameter(boolean.class, "check")
                        .addStatement("checkInputs = check").build());

        String logits = "a." + plan.logits();
        type.addMethod(guarded(override("predict", Types.INDARRAY).addParameter(Types.INDARRAY, "input"), "predict",
                        CodeBlock.builder()
                                .addStatement("use($T.batch(NAME, input, INPUT_SHAPE, dataType))", Types.INPUTS)
                                .addStatement("checked(input)")
                                .addStatement(ActivationsEmitter.copyIn(plan, plan.buffer(plan.input()), "input"))
                                .addStatement("forward(false)")
                                .addStatement("stage = 0")
                                .addStatement("return $L", logits).build()).build())
                .addMethod(guarded(override("trainForward", Types.INDARRAY).addParameter(Types.INDARRAY, "input"), "trainForward",
                        CodeBlock.builder()
                                .addStatement("use($T.batch(NAME, input, INPUT_SHAPE, dataType))", Types.INPUTS)
                                .addStatement("checked(input)")
                                .addStatement(ActivationsEmitter.copyIn(plan, plan.buffer(plan.input()), "input"))
                                .addStatement("forward(true)")
                                .addStatement("stage = 1")
                                .addStatement("return $L", logits).build()).build())
                .addMethod(guarded(override("loss", double.class).addParameter(Types.INDARRAY, "labels"), "loss",
                        CodeBlock.builder()
                                .beginControlFlow("if (stage < 1)")
                                .addStatement("throw new $T(NAME + $S)", IllegalStateException.class, ": loss needs a trainForward first")
                                .endControlFlow()
                                .addStatement("$T.labels(NAME, labels, a.batch, CLASSES, this.labels)", Types.INPUTS)
                                .addStatement("double loss = $T.forward($L, this.labels, a.$L, labelSmoothing)", Types.SOFTMAX_CE,
                                        logits, plan.probs())
                                .addStatement("$T.backward(a.$L, this.labels, labelSmoothing, a.$L)", Types.SOFTMAX_CE,
                                        plan.probs(), plan.dLogits())
                                .addStatement("stage = 2")
                                .addStatement("return loss").build()).build());

        CodeBlock.Builder backward = CodeBlock.builder()
                .beginControlFlow("if (stage != 2)")
                .addStatement("throw new $T(NAME + $S)", IllegalStateException.class,
                        ": backward needs trainForward and loss first (predict does not keep what backward needs)")
                .endControlFlow();
        List<Plan.Group> reversed = new java.util.ArrayList<>(plan.groups());
        java.util.Collections.reverse(reversed);
        for (Plan.Group g : reversed) {
            if (!g.backward().isEmpty()) {
                backward.addStatement("backward$L()", suffixes.get(g.method().name()));
            }
        }
        type.addMethod(guarded(override("backward", void.class), "backward", backward.build()).build());

        type.addMethod(guarded(override("trainStep", double.class)
                .addParameter(Types.INDARRAY, "input").addParameter(Types.INDARRAY, "labels")
                .addParameter(Types.OPTIMIZER, "optimizer"), "trainStep", CodeBlock.builder()
                .addStatement("trainForward(input)")
                .addStatement("double loss = loss(labels)")
                .addStatement("step++")
                .beginControlFlow("if (!Double.isFinite(loss))")
                .addStatement("stage = 0")
                .addStatement("throw $T.lossAt(this, input, step, loss)", Types.NON_FINITE)
                .endControlFlow()
                .addStatement("backward()")
                .addStatement("optimizer.step(parameters)")
                .addStatement("return loss").build()).build());

        MethodSpec.Builder forward = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE)
                .addParameter(boolean.class, "training");
        for (Plan.Group g : plan.groups()) {
            forward.addStatement("forward$L(training)", suffixes.get(g.method().name()));
        }
        type.addMethod(forward.build());
        type.addMethod(MethodSpec.methodBuilder("use").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Makes the buffers of batch size {@code n} current, allocating them the first time.\n")
                .addParameter(int.class, "n")
                .addStatement("$T next = byBatch.get(n)", activations)
                .beginControlFlow("if (next == null)")
                .addStatement("next = new $T(n, dataType)", activations)
                .addStatement("byBatch.put(n, next)")
                .endControlFlow()
                .beginControlFlow("if (labels.length < n)")
                .addStatement("labels = new int[n]")
                .endControlFlow()
                .addStatement("a = next")
                .addStatement("stage = 0").build());
        type.addMethod(MethodSpec.methodBuilder("checked").addModifiers(Modifier.PRIVATE)
                .addParameter(Types.INDARRAY, "input")
                .beginControlFlow("if (checkInputs)")
                .addStatement("$T.requireFinite(NAME, input)", Types.INPUTS)
                .endControlFlow().build());
    }

    private static MethodSpec reseed(Plan plan) {
        MethodSpec.Builder m = override("reseed", void.class).addParameter(long.class, "seed");
        for (int i = 0; i < plan.kernels().size(); i++) {
            Plan.KernelField k = plan.kernels().get(i);
            if (k.type().equals("Dropout")) {
                // the same stream the constructor gives it: seed + the kernel's index
                m.addStatement("$L.reseed(seed + $L)", k.field(), i);
            }
        }
        return m.build();
    }

    private static MethodSpec.Builder override(String name, Class<?> returns) {
        return override(name, TypeName.get(returns));
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
    }
}
