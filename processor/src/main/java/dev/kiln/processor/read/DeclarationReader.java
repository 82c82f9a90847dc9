package dev.kiln.processor.read;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.Declaration;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.SourceRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The {@code read} stage: an annotated interface → an immutable {@link Declaration}, with every
 * mistake of form (not of shape) in the {@link Report}. The only stage that touches
 * {@code javax.lang.model}.
 */
public final class DeclarationReader {
    /**
     * The methods of {@code dev.kiln.runtime.Network} that take one {@code INDArray}: a model's
     * layer method of the same name would be the same Java method in the generated class.
     */
    private static final Set<String> NETWORK_METHODS = Set.of("predict", "trainForward", "loss");

    private final Elements elements;

    public DeclarationReader(Elements elements) {
        this.elements = elements;
    }

    /** {@code type} or the innermost type around it that is private, if any: the generated class could not see the model. */
    private static Optional<Element> privateScope(TypeElement type) {
        for (Element e = type; e != null && (e.getKind().isClass() || e.getKind().isInterface()); e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(javax.lang.model.element.Modifier.PRIVATE)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** What reading found: the declaration, whether javac already rejected part of it, and whether it waits on a type not generated yet. */
    public record Result(Declaration declaration, boolean broken, boolean unresolved) {}

    /** Reads {@code type} as a model or block; {@code Optional.empty()} when it is not an interface. */
    public Optional<Result> read(TypeElement type, Declaration.Kind kind, Report report) {
        String annotationName = kind == Declaration.Kind.MODEL ? "Model" : "Block";
        AnnotationMirror mirror = find(type, annotationName);
        SourceRef ref = mirror == null ? SourceRef.of(type) : SourceRef.of(type).on(mirror, explicit(mirror));
        String name = type.getSimpleName().toString();
        if (type.getKind() != ElementKind.INTERFACE) {
            String kindName = type.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            String what = ("aeiou".indexOf(kindName.charAt(0)) >= 0 ? "an " : "a ") + kindName;
            report.error(Code.NOT_AN_INTERFACE, ref, name, annotationName, name, what, name);
            return Optional.empty();
        }
        if (kind == Declaration.Kind.MODEL && find(type, "Block") != null) {
            report.error(Code.BLOCK_USED_AS_MODEL, ref, name);
            return Optional.empty();
        }
        boolean broken = false;
        Optional<Declaration.InputSpec> input = Optional.empty();
        Optional<Declaration.ExpectedParams> expected = Optional.empty();
        if (kind == Declaration.Kind.MODEL && mirror != null) {
            AnnotationValues model = new AnnotationValues(elements, type, mirror);
            input = readInput(type, model);
            long params = model.longValue("params");
            if (params != dev.kiln.dsl.Model.ANY_PARAMS) {
                expected = Optional.of(new Declaration.ExpectedParams(params, model.ref().at("params")));
            }
            broken = model.broken() || input.isEmpty();
        }
        if (kind == Declaration.Kind.MODEL) {
            privateScope(type).ifPresent(p -> report.error(Code.PRIVATE_MODEL, ref, name,
                    p == type ? name : "its enclosing " + p.getKind().toString().toLowerCase(java.util.Locale.ROOT) + " " + p.getSimpleName(), elements.getPackageOf(type).getQualifiedName()));
        }
        if (!type.getTypeParameters().isEmpty()) {
            report.error(Code.BAD_SIGNATURE, ref, name, name + " is generic; a " + kind.word()
                    + " has no type parameters, so remove them");
        }
        MethodReader methods = new MethodReader(elements, report);
        List<LayerDecl> layers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Element member : type.getEnclosedElements()) {
            if (member.getKind() != ElementKind.METHOD) {
                continue;
            }
            ExecutableElement method = (ExecutableElement) member;
            String layerName = method.getSimpleName().toString();
            if (!names.add(layerName)) {
                report.error(Code.DUPLICATE_LAYER, SourceRef.of(method), layerName, layerName);
                continue;
            }
            if (layerName.equals("input")) {
                report.error(Code.RESERVED_NAME, SourceRef.of(method), layerName, layerName, "names the " + kind.word() + "'s input");
            } else if (kind == Declaration.Kind.MODEL && NETWORK_METHODS.contains(layerName)) {
                report.error(Code.RESERVED_NAME, SourceRef.of(method), layerName, layerName, "is a method of every generated network"
                        + " (Network." + layerName + "(INDArray))");
            }
            methods.read(method).ifPresent(layers::add);
        }
        if (names.isEmpty()) {
            report.error(Code.EMPTY_DECLARATION, ref, name, kind.word());
        }
        String qualified = type.getQualifiedName().toString();
        String pkg = elements.getPackageOf(type).getQualifiedName().toString();
        Declaration declaration = new Declaration(name, qualified, pkg, kind, input, expected, layers,
                Suppressions.of(type), ref);
        return Optional.of(new Result(declaration, broken || methods.broken(), methods.unresolved()));
    }

    private Optional<Declaration.InputSpec> readInput(TypeElement type, AnnotationValues model) {
        AnnotationMirror input = model.annotationValue("input");
        if (input == null) {
            return Optional.empty();
        }
        AnnotationValues v = new AnnotationValues(elements, type, input);
        Declaration.InputSpec spec = new Declaration.InputSpec(
                v.intValue("channels"), v.intValue("height"), v.intValue("width"), v.ref());
        return v.broken() ? Optional.empty() : Optional.of(spec);
    }

    /** The Kiln annotation {@code simpleName} on {@code element}, or null. */
    public static AnnotationMirror find(Element element, String simpleName) {
        for (AnnotationMirror m : element.getAnnotationMirrors()) {
            TypeElement t = (TypeElement) m.getAnnotationType().asElement();
            if (t.getQualifiedName().contentEquals(MethodReader.DSL_PACKAGE + simpleName)) {
                return m;
            }
        }
        return null;
    }

    private static java.util.Map<String, javax.lang.model.element.AnnotationValue> explicit(AnnotationMirror m) {
        java.util.Map<String, javax.lang.model.element.AnnotationValue> map = new java.util.HashMap<>();
        m.getElementValues().forEach((k, v) -> map.put(k.getSimpleName().toString(), v));
        return map;
    }
}
