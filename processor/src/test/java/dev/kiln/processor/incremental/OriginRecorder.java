package dev.kiln.processor.incremental;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * Runs a processor with a {@link Filer} that records, for every file it creates, the top-level
 * types of its originating elements: what Gradle records of an isolating processor (its
 * {@code IsolatingProcessingStrategy} maps each generated type to those top-level types and
 * falls back to a full recompilation unless there is exactly one).
 */
public final class OriginRecorder implements Processor {
    private final Processor delegate;
    private final Map<String, List<String>> origins = new TreeMap<>();

    public OriginRecorder(Processor delegate) {
        this.delegate = delegate;
    }

    /** Generated file name (a type's qualified name, or a resource's name) → its origins' top-level types. */
    public Map<String, List<String>> origins() {
        return Map.copyOf(origins);
    }

    @Override
    public void init(ProcessingEnvironment env) {
        Filer filer = env.getFiler();
        Filer recording = proxy(Filer.class, (method, args) -> {
            if (method.getName().startsWith("create")) {
                Element[] elements = (Element[]) args[args.length - 1];
                origins.put(String.valueOf(args[args.length - 2]),
                        Arrays.stream(elements).map(OriginRecorder::topLevelName).toList());
            }
            return method.invoke(filer, args);
        });
        delegate.init(proxy(ProcessingEnvironment.class,
                (method, args) -> method.getName().equals("getFiler") ? recording : method.invoke(env, args)));
    }

    static String topLevelName(Element element) {
        Element e = element;
        while (!(e.getEnclosingElement() instanceof PackageElement) && e.getEnclosingElement() != null) {
            e = e.getEnclosingElement();
        }
        return e instanceof TypeElement t ? t.getQualifiedName().toString() : e.toString();
    }

    private interface Call {
        Object invoke(Method method, Object[] args) throws ReflectiveOperationException;
    }

    private static <T> T proxy(Class<T> type, Call call) {
        InvocationHandler handler = (self, method, args) -> {
            try {
                return call.invoke(method, args == null ? new Object[0] : args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return delegate.process(annotations, round);
    }

    @Override
    public Set<String> getSupportedOptions() {
        return delegate.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return delegate.getSupportedSourceVersion();
    }

    @Override
    public Iterable<? extends Completion> getCompletions(Element element, AnnotationMirror annotation,
            ExecutableElement member, String userText) {
        return delegate.getCompletions(element, annotation, member, userText);
    }
}
