package com.example.vision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of this project (pom.xml, javac-build.sh, src/main/java) in a folder of its own, for
 * tests that build it again with Maven or javac after changing a source, as a user would.
 */
final class ProjectCopy {
    static final Path HERE = Path.of("").toAbsolutePath();
    static final String PACKAGE_DIR = "com/example/vision";

    final Path root;

    ProjectCopy(Path root) throws IOException {
        this.root = root;
        Files.copy(HERE.resolve("pom.xml"), root.resolve("pom.xml"));
        Files.copy(HERE.resolve("javac-build.sh"), root.resolve("javac-build.sh"));
        Path from = HERE.resolve("src/main/java");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path to = root.resolve("src/main/java").resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
    }

    /** Adds {@code src/test/resources/fixtures/<name>.java} to the copy's model package. */
    Path addFixture(String name) throws IOException {
        try (InputStream in = ProjectCopy.class.getResourceAsStream("/fixtures/" + name + ".java")) {
            Path to = source(name);
            Files.write(to, in.readAllBytes());
            return to;
        }
    }

    Path source(String name) {
        return root.resolve("src/main/java").resolve(PACKAGE_DIR).resolve(name + ".java");
    }

    /** Where Maven's compiler plugin puts what Kiln generates. */
    Path generatedByMaven(String name) {
        return root.resolve("target/generated-sources/annotations").resolve(PACKAGE_DIR).resolve(name + ".java");
    }

    Path classByMaven(String name) {
        return root.resolve("target/classes").resolve(PACKAGE_DIR).resolve(name + ".class");
    }

    /**
     * {@code mvn -o -B compile} on the copy, with the Maven and the local repository that run
     * this build (surefire passes them in), so it sees the Kiln artifacts just installed.
     */
    Run mavenCompile() throws IOException, InterruptedException {
        return run(Map.of(), Path.of(property("maven.home"), "bin", "mvn").toString(), "-o", "-B",
                "-Dmaven.repo.local=" + property("kiln.localRepository"), "compile");
    }

    /** The README's plain-javac build, run by bash with {@code REPO} set to the local repository. */
    Run javacBuild() throws IOException, InterruptedException {
        return run(Map.of("REPO", property("kiln.localRepository")), "bash", "javac-build.sh");
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: run the tests through Maven (pom.xml passes it)");
        }
        return value;
    }

    record Run(int exitCode, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    private Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .directory(root.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile(root, "run", ".log");
        Process p = pb.redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " ran for 5 minutes");
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
