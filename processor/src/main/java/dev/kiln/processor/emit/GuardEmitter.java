package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/**
 * One call at a time: the {@code guard} field, the bodies of the methods that write buffers
 * wrapped in {@code guard.enter(…)} … {@code finally guard.exit()}, and {@code replica()}, the
 * way to run on several threads.
 */
final class GuardEmitter {
    private GuardEmitter() {}

    static void emit(TypeSpec.Builder type, ClassName self) {
        type.addField(FieldSpec.builder(Types.GUARD, "guard", Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("Throws when a second thread enters while a call is in progress; see {@link #replica()}.\n")
                        .initializer("new $T(NAME)", Types.GUARD).build())
                .addMethod(MethodSpec.methodBuilder("replica")
                        .addJavadoc("A network for another thread: it shares this one's parameters and running statistics\n"
                                + "(the same arrays) and has its own gradients, buffers and kernels. For concurrent\n"
                                + "inference: training one while another predicts is a data race.\n")
                        .addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(self)
                        .addStatement("return new $T(this)", self).build());
    }

    /** Adds {@code body} to {@code m}, run while the calling thread holds the guard as {@code method}. */
    static MethodSpec.Builder guarded(MethodSpec.Builder m, String method, CodeBlock body) {
        return m.addStatement("guard.enter($S)", method)
                .beginControlFlow("try")
                .addCode(body)
                .nextControlFlow("finally")
                .addStatement("guard.exit()")
                .endControlFlow();
    }
}
