package dev.kiln.runtime.data;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as operating-system processes. The program is looked up in a search path of
 * folders given to the constructor (the JDK would look it up in this process's {@code PATH},
 * which a test cannot change), so a test can put a fake {@code apt-get} first; a program found
 * nowhere is an {@link IOException} saying so, before anything starts.
 */
public final class SystemProcessRunner implements ProcessRunner {
    private final List<Path> searchPath;

    /** Looks programs up in {@code searchPath}, in order. */
    public SystemProcessRunner(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** Looks programs up in the folders of {@code pathVariable} (a {@code PATH} value, ':'-separated). */
    public static SystemProcessRunner fromPath(String pathVariable) {
        List<Path> dirs = new ArrayList<>();
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                dirs.add(Path.of(dir));
            }
        }
        return new SystemProcessRunner(dirs);
    }

    /** The first executable named {@code program} in the search path. */
    public Path resolve(String program) throws IOException {
        if (program.contains("/")) {
            return Path.of(program);
        }
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IOException(program + " is not installed (not found in " + searchPath + ")");
    }

    @Override
    public Result run(List<String> command, Path workDir, Duration timeout) throws IOException {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, resolve(command.get(0)).toString());
        Path log = Files.createTempFile("kiln-process-", ".log");
        try {
            Process process = new ProcessBuilder(resolved).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException(String.join(" ", command) + " was interrupted", e);
            }
            if (!finished) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out after " + timeout.toMillis() / 1000.0 + " s and was stopped");
            }
            return new Result(process.exitValue(), new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
