package dev.kiln.processor;

import com.google.auto.service.AutoService;
import dev.kiln.processor.check.DeclarationRules;
import dev.kiln.processor.check.GeneratedSize;
import dev.kiln.processor.check.ModelRules;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.MessagerSink;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.emit.ModelEmitter;
import dev.kiln.processor.plan.Layout;
import dev.kiln.processor.plan.Plan;
import dev.kiln.processor.plan.Planner;
import dev.kiln.processor.model.Declaration;
import dev.kiln.processor.model.SourceRef;
import dev.kiln.processor.read.DeclarationReader;
import dev.kiln.processor.read.JavacBlockLookup;
import dev.kiln.processor.resolve.Graph;
import dev.kiln.processor.resolve.Resolver;
import dev.kiln.processor.shape.ShapeInference;
import dev.kiln.processor.shape.ShapedGraph;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;

/**
 * Kiln's entry point: for each {@code @Model} interface, read → resolve → shape → check → emit.
 * A model that names a type javac cannot resolve yet (a block generated in this round) waits
 * for a later round. A model with any error generates nothing; checking still goes on so the
 * user sees every error at once. An internal failure becomes a diagnostic on the model, never
 * an exception through javac.
 */
@AutoService(Processor.class)
@SupportedAnnotationTypes({"dev.kiln.dsl.Model", "dev.kiln.dsl.Block"})
@SupportedOptions(KilnProcessor.LAYOUT_OPTION)
public final class KilnProcessor extends AbstractProcessor {
    /**
     * {@code -Akiln.layout=auto} (the default) lets the planner store maps channels last where
     * every layer can ({@link Layout}); {@code nchw} keeps every buffer NCHW.
     */
    static final String LAYOUT_OPTION = "kiln.layout";

    private final Set<String> deferred = new LinkedHashSet<>();
    private MessagerSink sink;

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (sink == null) {
            sink = new MessagerSink(processingEnv.getMessager());
        }
        List<TypeElement> models = new ArrayList<>();
        for (String name : List.copyOf(deferred)) {
            TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
            if (type != null) {
                models.add(type);
            }
        }
        deferred.clear();
        for (Element e : round.getElementsAnnotatedWith(annotation("Model"))) {
            models.add((TypeElement) e);
        }
        for (Element e : round.getElementsAnnotatedWith(annotation("Block"))) {
            checkBlockIsInterface((TypeElement) e);
        }
        for (TypeElement model : models) {
            try {
                process(model, round.processingOver());
            } catch (RuntimeException | LinkageError | StackOverflowError internal) {
                Report report = new Report();
                report.error(Code.INTERNAL_ERROR, SourceRef.of(model), model.getSimpleName(), internal);
                sink.print(report, model);
            }
        }
        return false;
    }

    private void process(TypeElement type, boolean lastRound) {
        Report report = new Report();
        Optional<DeclarationReader.Result> read =
                new DeclarationReader(processingEnv.getElementUtils()).read(type, Declaration.Kind.MODEL, report);
        if (read.isPresent() && read.get().unresolved() && !lastRound) {
            deferred.add(type.getQualifiedName().toString());
            return;
        }
        if (read.isEmpty() || read.get().broken()) {
            sink.print(report, type);
            return;
        }
        Declaration model = read.get().declaration();
        // A method rejected while reading is no layer; wiring it would only echo that error.
        boolean formErrors = report.hasErrors();
        DeclarationRules.check(model, report);
        JavacBlockLookup blocks = new JavacBlockLookup(processingEnv.getElementUtils(), report);
        Optional<Graph> graph = formErrors ? Optional.empty() : Resolver.resolve(model, blocks, report);
        if (blocks.sawUnresolved() && !lastRound) {
            deferred.add(type.getQualifiedName().toString());
            return;
        }
        // Wiring is checked whatever the values; shapes only from values that passed their rules.
        Optional<ShapedGraph> shaped = report.hasErrors() ? Optional.empty()
                : graph.flatMap(g -> ShapeInference.infer(g, report));
        shaped.ifPresent(s -> ModelRules.check(s, report));
        Layout.Preference layout = layoutPreference(type, report);
        Optional<Plan> plan = report.hasErrors() ? Optional.empty() : shaped.map(s -> Planner.plan(s, layout));
        plan.ifPresent(p -> GeneratedSize.check(p, report));
        sink.print(report, type);
        if (plan.isPresent() && !report.hasErrors()) {
            write(plan.get(), type);
        }
    }

    /** The {@code kiln.layout} option; an unknown value is an error on the model (which then generates nothing). */
    private Layout.Preference layoutPreference(TypeElement type, Report report) {
        String value = processingEnv.getOptions().get(LAYOUT_OPTION);
        if (value == null || value.equals("auto")) {
            return Layout.Preference.AUTO;
        }
        if (value.equals("nchw")) {
            return Layout.Preference.NCHW;
        }
        report.error(Code.INVALID_OPTION, SourceRef.of(type), type.getSimpleName(), LAYOUT_OPTION, "auto or nchw", value,
                LAYOUT_OPTION);
        return Layout.Preference.AUTO;
    }

    /**
     * Writes {@code KilnX} with the model as its one originating element. Gradle requires exactly
     * one of an isolating processor; the blocks the model uses are not listed, because the model
     * names them in class-retained annotations ({@code block = BasicBlock.class}), which is how
     * a build tool learns that editing a block must recompile, and so regenerate, the model
     * (docs/ARCHITECTURE.md, "Incremental builds").
     */
    private void write(Plan plan, TypeElement model) {
        try {
            com.palantir.javapoet.JavaFile file = ModelEmitter.emit(plan);
            String name = file.packageName().isEmpty() ? file.typeSpec().name()
                    : file.packageName() + "." + file.typeSpec().name();
            try (Writer out = processingEnv.getFiler().createSourceFile(name, model)
                    .openWriter()) {
                file.writeTo(out);
            }
        } catch (IOException e) {
            Report report = new Report();
            report.error(Code.INTERNAL_ERROR, SourceRef.of(model), model.getSimpleName(),
                    "could not write " + ModelEmitter.generatedName(plan.shaped().graph().model()) + ": " + e.getMessage());
            sink.print(report, model);
        }
    }

    private void checkBlockIsInterface(TypeElement type) {
        if (type.getKind() != ElementKind.INTERFACE) {
            Report report = new Report();
            new DeclarationReader(processingEnv.getElementUtils()).read(type, Declaration.Kind.BLOCK, report);
            sink.print(report, type);
        }
    }

    private TypeElement annotation(String simpleName) {
        return processingEnv.getElementUtils().getTypeElement("dev.kiln.dsl." + simpleName);
    }
}
