package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The model interface's own methods: each applies its layer, in inference mode, to the tensors
 * it is given, so a user can run or debug the network one layer at a time
 * ({@code net.stage1(net.stem(x))}). They return fresh arrays the caller owns.
 */
final class InterfaceEmitter {
    private InterfaceEmitter() {}

    /**
     * What the methods' bodies name, which a parameter of the same name would hide: the
     * buffers' holder and the types called by simple name.
     */
    private static final List<String> BODY_NAMES = List.of("a", "ChannelsLast");

    static void emit(Plan plan, TypeSpec.Builder type, ClassName activations) {
        Map<String, String> suffixes = StepEmitter.methodSuffixes(plan);
        for (Plan.Group g : plan.groups()) {
            LayerDecl layer = g.method();
            // The user's parameter names, unless one is a name the body uses: then it gets a trailing '_'.
            NameAllocator names = new NameAllocator();
            BODY_NAMES.forEach(n -> names.newName(n, "body:" + n));
            List<String> javaNames = layer.inputs().stream().map(p -> names.newName(p.name(), p)).toList();
            MethodSpec.Builder m = MethodSpec.methodBuilder(layer.name())
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(Types.INDARRAY)
                    .addJavadoc("Applies {@code $L} (inference mode) to its inputs; returns a new array.\n", layer.name());
            List<LayerDecl.Param> params = layer.inputs();
            CodeBlock.Builder body = CodeBlock.builder();
            for (int i = 0; i < params.size(); i++) {
                String p = javaNames.get(i);
                m.addParameter(Types.INDARRAY, p);
                String label = layer.name() + "(" + params.get(i).name() + ")";
                String shape = shapeOf(plan, g.inputs().get(i));
                if (i == 0) {
                    body.addStatement("$T a = buffersFor($S, $N, new long[] {$L})", activations, label, p, shape);
                } else {
                    body.addStatement("requireSameBatch($S, $N, new long[] {$L})", label, p, shape);
                }
            }
            for (int i = 0; i < params.size(); i++) {
                body.addStatement(ActivationsEmitter.copyIn(plan, plan.buffer(g.inputs().get(i)), "a", javaNames.get(i)));
            }
            Plan.Buffer out = plan.buffer(g.output());
            body.addStatement(StepEmitter.forwardCall(g, suffixes.get(layer.name()), "false"));
            if (ActivationsEmitter.channelsLast(plan, out)) {
                body.addStatement("return a.$N.permute(0, 3, 1, 2).dup('c')", out.field());
            } else {
                body.addStatement("return a.$N.dup()", out.field());
            }
            m.addStatement("enter($S)", layer.name())
                    .beginControlFlow("try")
                    .addCode(body.build())
                    .nextControlFlow("finally")
                    .addStatement("exit()")
                    .endControlFlow();
            type.addMethod(m.build());
        }
    }

    private static String shapeOf(Plan plan, String field) {
        return plan.buffer(field).shape().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
