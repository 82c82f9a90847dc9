package dev.kiln.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.plan.Plan;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The model interface's own methods: each applies its layer, in inference mode, to the tensors
 * it is given, so a user can run or debug the network one layer at a time
 * ({@code net.stage1(net.stem(x))}). They return fresh arrays the caller owns.
 */
final class InterfaceEmitter {
    private InterfaceEmitter() {}

    static void emit(Plan plan, TypeSpec.Builder type) {
        for (Plan.Group g : plan.groups()) {
            LayerDecl layer = g.method();
            MethodSpec.Builder m = MethodSpec.methodBuilder(layer.name())
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(Types.INDARRAY)
                    .addJavadoc("Applies {@code $L} (inference mode) to its inputs; returns a new array.\n", layer.name());
            List<LayerDecl.Param> params = layer.inputs();
            for (int i = 0; i < params.size(); i++) {
                String p = params.get(i).name();
                m.addParameter(Types.INDARRAY, p);
                String shape = g.inputs().get(i).equals(plan.input()) ? "INPUT_SHAPE"
                        : "new long[] {" + shapeOf(plan, g.inputs().get(i)) + "}";
                String label = layer.name() + "(" + p + ")";
                if (i == 0) {
                    m.addStatement("use($T.batch(NAME + $S, $L, $L, dataType))", Types.INPUTS, "." + label, p, shape);
                } else {
                    m.beginControlFlow("if ($T.batch(NAME + $S, $L, $L, dataType) != a.batch)", Types.INPUTS, "." + label, p, shape)
                            .addStatement("throw new $T(NAME + $S + a.batch)", IllegalArgumentException.class,
                                    "." + label + ": every input needs the same batch size as the first, ")
                            .endControlFlow();
                }
            }
            for (int i = 0; i < params.size(); i++) {
                m.addStatement("a.$L.assign($L)", g.inputs().get(i), params.get(i).name());
            }
            m.addStatement("forward$L(false)", StepEmitter.capital(layer.name()))
                    .addStatement("return a.$L.dup()", g.output());
            type.addMethod(m.build());
        }
    }

    private static String shapeOf(Plan plan, String field) {
        return plan.buffers().stream().filter(b -> b.field().equals(field)).findFirst().orElseThrow()
                .shape().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
