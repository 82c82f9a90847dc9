package dev.kiln.processor.read;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.SourceRef;
import dev.kiln.processor.model.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/** Reads one abstract method into a {@link LayerDecl}, reporting signature and annotation-mix mistakes. */
final class MethodReader {
    static final String INDARRAY = "org.nd4j.linalg.api.ndarray.INDArray";
    static final String DSL_PACKAGE = "dev.kiln.dsl.";

    private final Elements elements;
    private final Report report;
    private boolean broken;
    private boolean unresolved;

    MethodReader(Elements elements, Report report) {
        this.elements = elements;
        this.report = report;
    }

    boolean broken() {
        return broken;
    }

    boolean unresolved() {
        return unresolved;
    }

    /** The layer, or empty when the method cannot be one (the reason is reported). */
    Optional<LayerDecl> read(ExecutableElement method) {
        SourceRef ref = SourceRef.of(method);
        String name = method.getSimpleName().toString();
        if (!signatureIsValid(method, ref, name)) {
            return Optional.empty();
        }
        Parts parts = new Parts(name);
        for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            String qualified = type.getQualifiedName().toString();
            if (!qualified.startsWith(DSL_PACKAGE)) {
                continue;
            }
            AnnotationValues values = new AnnotationValues(elements, method, mirror);
            Spec spec = SpecReader.read(type.getSimpleName().toString(), values);
            broken |= values.broken();
            if (spec != null) {
                parts.add(spec);
            }
            if (spec instanceof Spec.Repeat r && r.block().equals("<missing>")) {
                broken = true;
            }
            if ("Residual".contentEquals(type.getSimpleName()) || "Stack".contentEquals(type.getSimpleName())) {
                unresolved |= values.isUnresolvedType("block");
                TypeMirror notAnInterface = values.nonDeclaredType("block");
                if (notAnInterface != null) {
                    report.error(Code.NOT_A_BLOCK, values.ref().at("block"), name, notAnInterface,
                            type.getSimpleName(), notAnInterface);
                }
            }
        }
        List<LayerDecl.Param> inputs = new ArrayList<>();
        for (VariableElement p : method.getParameters()) {
            inputs.add(new LayerDecl.Param(p.getSimpleName().toString(), SourceRef.of(p)));
        }
        if (parts.isEmpty()) {
            report.error(Code.NO_LAYER_ANNOTATION, ref, name);
            return Optional.empty();
        }
        parts.reportConflicts(report);
        checkMerge(parts, inputs, ref, name);
        return Optional.of(parts.toLayer(inputs, Suppressions.of(method), ref));
    }

    private void checkMerge(Parts parts, List<LayerDecl.Param> inputs, SourceRef ref, String name) {
        if (parts.merge != null && inputs.size() < 2) {
            String a = parts.merge.annotation().substring(1);
            report.error(Code.MERGE_NEEDS_TWO_INPUTS, parts.merge.ref(), name, a, inputs.size(), a);
        } else if (parts.merge == null && inputs.size() >= 2) {
            String names = String.join(", ", inputs.stream().map(LayerDecl.Param::name).toList());
            report.error(Code.MISSING_MERGE, ref, name, inputs.size(), names);
        }
    }

    private boolean signatureIsValid(ExecutableElement method, SourceRef ref, String name) {
        if (method.getModifiers().contains(Modifier.DEFAULT)) {
            return bad(ref, name + " is a default method; a layer is an abstract method with no body");
        }
        if (method.getModifiers().contains(Modifier.STATIC)) {
            return bad(ref, name + " is static; a layer is an abstract method, so remove static and the body");
        }
        if (method.getModifiers().contains(Modifier.PRIVATE) || !method.getModifiers().contains(Modifier.ABSTRACT)) {
            return bad(ref, name + " has a body; a layer is an abstract method with no body");
        }
        if (!method.getTypeParameters().isEmpty()) {
            return bad(ref, name + " is generic; a layer method takes and returns INDArray, so remove the type parameters");
        }
        if (!isIndArray(method.getReturnType())) {
            return bad(ref, "a layer returns INDArray, but " + name + " returns " + method.getReturnType()
                    + hint(method.getReturnType()) + "; declare 'INDArray " + name + "(…)'");
        }
        if (method.getParameters().isEmpty()) {
            return bad(ref, name + " takes no inputs; a layer takes INDArray parameters named after the layers "
                    + "they read, as in 'INDArray " + name + "(INDArray input)'");
        }
        for (VariableElement p : method.getParameters()) {
            if (!isIndArray(p.asType())) {
                report.error(Code.BAD_SIGNATURE, SourceRef.of(p), name, "parameter " + p.getSimpleName()
                        + " is " + p.asType() + hint(p.asType()) + ", but a layer's inputs are INDArray; declare 'INDArray "
                        + p.getSimpleName() + "'");
                return false;
            }
        }
        if (!method.getThrownTypes().isEmpty()) {
            return bad(ref, name + " declares thrown exceptions; a layer method throws nothing, so remove the throws clause");
        }
        return true;
    }

    /** Why a type named INDArray is not INDArray: a missing import, or nd4j-api missing from the classpath. */
    private String hint(TypeMirror type) {
        if (type.getKind() != TypeKind.ERROR || !type.toString().endsWith("INDArray")) {
            return "";
        }
        return elements.getTypeElement(INDARRAY) != null
                ? " (INDArray cannot be found: import " + INDARRAY + ")"
                : " (INDArray cannot be found: add org.nd4j:nd4j-api to the compile classpath)";
    }

    private boolean bad(SourceRef ref, String what) {
        report.error(Code.BAD_SIGNATURE, ref, ref.label(), what);
        return false;
    }

    static boolean isIndArray(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED && type.toString().equals(INDARRAY);
    }
}
