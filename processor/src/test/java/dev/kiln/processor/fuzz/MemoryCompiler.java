package dev.kiln.processor.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.processing.Processor;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * javac with the test's class path, writing everything to memory. Unlike compile-testing, it keeps
 * one file manager for all compilations, so the class path's jars are opened once: about a third
 * of the time per compilation. Not thread-safe; after a hang, {@link #renew} drops the file manager
 * the abandoned thread may still be using.
 */
final class MemoryCompiler {
    /** What one compilation gave: success, every diagnostic, and the files it wrote. */
    record Result(boolean success, List<javax.tools.Diagnostic<? extends JavaFileObject>> diagnostics,
                  Map<String, String> sources, Map<String, byte[]> classes) {}

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private StandardJavaFileManager files = newFileManager();

    Result compile(List<SourceSet.File> inputs, Processor processor) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Outputs out = new Outputs(files);
        List<JavaFileObject> units = inputs.stream().<JavaFileObject>map(f -> new Source(f.name(), f.text())).toList();
        JavaCompiler.CompilationTask task = javac.getTask(null, out, diagnostics, List.of("-parameters"), null, units);
        task.setProcessors(List.of(processor));
        task.setLocale(Locale.ROOT);
        boolean ok = task.call();
        return new Result(ok, List.copyOf(diagnostics.getDiagnostics()), out.sources, out.classes);
    }

    void renew() {
        files = newFileManager();
    }

    private StandardJavaFileManager newFileManager() {
        return javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    }

    /** Whether {@code file} is one the processor wrote. */
    static boolean isGenerated(JavaFileObject file) {
        return file != null && file.toUri().getPath().startsWith("/SOURCE_OUTPUT/");
    }

    /** A fixture source in memory, {@code fixtures.T}. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String binaryName, String text) {
            super(URI.create("mem:///INPUT/" + binaryName.replace('.', '/') + ".java"), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** Keeps what javac writes: generated sources by name (as text) and class files by binary name. */
    private static final class Outputs extends ForwardingJavaFileManager<JavaFileManager> {
        final Map<String, String> sources = new TreeMap<>();
        final Map<String, byte[]> classes = new TreeMap<>();

        Outputs(JavaFileManager files) {
            super(files);
        }

        @Override
        public boolean isSameFile(FileObject a, FileObject b) {
            return a.toUri().equals(b.toUri());
        }

        @Override
        public String inferBinaryName(Location location, JavaFileObject file) {
            if (file.toUri().getScheme().equals("mem")) {
                String path = file.toUri().getPath();
                return path.substring(path.indexOf('/', 1) + 1, path.lastIndexOf('.')).replace('/', '.');
            }
            return super.inferBinaryName(location, file);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
            if (kind == JavaFileObject.Kind.SOURCE) {
                return new SimpleJavaFileObject(URI.create("mem:///SOURCE_OUTPUT/" + name.replace('.', '/') + ".java"), kind) {
                    private final StringWriter text = new StringWriter();

                    @Override
                    public Writer openWriter() {
                        sources.put(name, "");
                        return new StringWriter() {
                            @Override
                            public void close() {
                                sources.put(name, toString());
                                text.write(toString());
                            }
                        };
                    }

                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return text.toString();
                    }
                };
            }
            return new SimpleJavaFileObject(URI.create("mem:///CLASS_OUTPUT/" + name.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            classes.put(name, toByteArray());
                        }
                    };
                }
            };
        }
    }
}
