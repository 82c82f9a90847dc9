package dev.kiln.runtime.data;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs an external command (here {@code apt-get} and {@code dpkg}); an interface so that tests
 * can run fake commands, or none, instead.
 */
public interface ProcessRunner {
    /** What a finished command left: its exit code and its standard output and error, merged. */
    record Result(int exitCode, String output) {
        /** The last {@code lines} lines of the output, for an error message. */
        public String tail(int lines) {
            String[] all = output.strip().split("\n");
            return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
        }
    }

    /**
     * Runs {@code command} in {@code workDir} and waits for it.
     *
     * @throws IOException when the program is not installed, cannot start, or runs past {@code timeout}
     *                     (it is then killed)
     */
    Result run(List<String> command, Path workDir, Duration timeout) throws IOException;
}
