package dev.kiln.processor.incremental;

import dev.kiln.processor.KilnProcessor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A source folder and its build outputs on disk, compiled with javac and Kiln's processor the
 * way an incremental build tool does it: only the sources it is told to, against the earlier
 * outputs on the classpath. It keeps what Gradle keeps between builds — which top-level type
 * each generated file came from — and removes stale outputs the way Gradle does for an
 * isolating processor. javac itself never deletes anything; this class stands in for the tool.
 * Sources are in package {@code incremental}, copied from {@code src/test/resources/incremental}.
 */
final class Workspace {
    static final String PACKAGE = "incremental";

    final Path sources;
    final Path classes;
    final Path generated;
    private final Map<String, String> originOf = new TreeMap<>();
    private List<Diagnostic<? extends JavaFileObject>> diagnostics = List.of();

    Workspace(Path root) throws IOException {
        sources = Files.createDirectories(root.resolve("src").resolve(PACKAGE));
        classes = Files.createDirectories(root.resolve("classes"));
        generated = Files.createDirectories(root.resolve("generated"));
    }

    /** Copies fixture {@code incremental/<name>.java} into the source folder. */
    void add(String name) throws IOException {
        try (InputStream in = Workspace.class.getResourceAsStream("/" + PACKAGE + "/" + name + ".java")) {
            Files.write(source(name), in.readAllBytes());
        }
    }

    /** Replaces {@code from} by {@code to} in a source, failing if it is not there: an edit. */
    void edit(String name, String from, String to) throws IOException {
        String text = Files.readString(source(name));
        if (!text.contains(from)) {
            throw new AssertionError(name + ".java has no '" + from + "'");
        }
        Files.writeString(source(name), text.replace(from, to));
    }

    /**
     * Compiles the named sources (and nothing else) with Kiln; earlier outputs are on the
     * classpath. Returns the generated files' origins that this compilation recorded.
     */
    Map<String, List<String>> compile(Collection<String> names) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> collected = new DiagnosticCollector<>();
        OriginRecorder recorder = new OriginRecorder(new KilnProcessor());
        try (StandardJavaFileManager files = javac.getStandardFileManager(collected, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-parameters", "-d", classes.toString(), "-s", generated.toString(),
                    "-classpath", System.getProperty("java.class.path") + File.pathSeparator + classes);
            JavaCompiler.CompilationTask task = javac.getTask(null, files, collected, options, null,
                    files.getJavaFileObjectsFromPaths(names.stream().map(this::source).toList()));
            task.setProcessors(List.of(recorder));
            boolean ok = task.call();
            diagnostics = collected.getDiagnostics();
            if (!ok) {
                throw new AssertionError("javac failed: " + diagnostics);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        recorder.origins().forEach((file, from) -> originOf.put(file, String.join(",", from)));
        return recorder.origins();
    }

    List<Diagnostic<? extends JavaFileObject>> diagnostics() {
        return diagnostics;
    }

    /**
     * The source types whose class files name {@code type} — how Gradle finds what to recompile
     * after {@code type} changed (it reads class files, annotation values included). Generated
     * classes are left out: they are regenerated from their origin, not recompiled on their own.
     */
    Set<String> dependentsOf(String type) throws IOException {
        byte[] descriptor = ("L" + PACKAGE + "/" + type + ";").getBytes(StandardCharsets.UTF_8);
        byte[] internalName = utf8Constant(PACKAGE + "/" + type);
        Set<String> dependents = new TreeSet<>();
        try (Stream<Path> files = Files.list(classes.resolve(PACKAGE))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString().replaceAll("(\\$.*)?\\.class$", "");
                byte[] bytes = Files.readAllBytes(file);
                if (!name.equals(type) && !originOf.containsKey(PACKAGE + "." + name)
                        && (contains(bytes, descriptor) || contains(bytes, internalName))) {
                    dependents.add(name);
                }
            }
        }
        return dependents;
    }

    /**
     * What Gradle does before recompiling (or after deleting) a source: remove its classes and
     * every file generated from it, by the origins recorded at generation time.
     */
    List<String> removeOutputsOf(String type) throws IOException {
        List<String> removed = new ArrayList<>();
        deleteClasses(type);
        for (Map.Entry<String, String> e : Map.copyOf(originOf).entrySet()) {
            if (e.getValue().equals(PACKAGE + "." + type)) {
                String simple = e.getKey().substring(PACKAGE.length() + 1);
                Files.deleteIfExists(generatedSource(simple));
                deleteClasses(simple);
                originOf.remove(e.getKey());
                removed.add(e.getKey());
            }
        }
        return removed;
    }

    void delete(String name) throws IOException {
        Files.delete(source(name));
    }

    Path generatedSource(String simpleName) {
        return generated.resolve(PACKAGE).resolve(simpleName + ".java");
    }

    private Path source(String name) {
        return sources.resolve(name + ".java");
    }

    private void deleteClasses(String simpleName) throws IOException {
        try (Stream<Path> files = Files.list(classes.resolve(PACKAGE))) {
            for (Path file : files.toList()) {
                String f = file.getFileName().toString();
                if (f.equals(simpleName + ".class") || f.startsWith(simpleName + "$")) {
                    Files.delete(file);
                }
            }
        }
    }

    /** A class-file CONSTANT_Utf8 entry: tag 1, two bytes of length, the bytes. */
    private static byte[] utf8Constant(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] entry = new byte[bytes.length + 3];
        entry[0] = 1;
        entry[1] = (byte) (bytes.length >> 8);
        entry[2] = (byte) bytes.length;
        System.arraycopy(bytes, 0, entry, 3, bytes.length);
        return entry;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
