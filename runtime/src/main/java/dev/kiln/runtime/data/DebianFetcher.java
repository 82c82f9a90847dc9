package dev.kiln.runtime.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fetches Fashion-MNIST without root, the way torchvision's {@code download=True} would, but from
 * Debian: {@code apt-get download dataset-fashion-mnist} and {@code dpkg -x} in a work folder next
 * to the target, the four files gathered in a staging folder there, which is then renamed to the
 * target in one step. A failed or interrupted fetch leaves no half-filled target behind.
 */
public final class DebianFetcher implements DataLocator.Fetcher {
    /** The Debian package that installs Fashion-MNIST into {@code /usr/share/datasets/fashion-mnist}. */
    public static final String PACKAGE = "dataset-fashion-mnist";
    static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);
    static final Duration EXTRACT_TIMEOUT = Duration.ofMinutes(2);

    private final ProcessRunner runner;
    private final Duration downloadTimeout;

    public DebianFetcher(ProcessRunner runner) {
        this(runner, DOWNLOAD_TIMEOUT);
    }

    /** With a shorter download limit than the default 10 minutes (tests). */
    DebianFetcher(ProcessRunner runner, Duration downloadTimeout) {
        this.runner = runner;
        this.downloadTimeout = downloadTimeout;
    }

    /** A fetcher running the system's {@code apt-get} and {@code dpkg}, found in {@code PATH}. */
    public static DebianFetcher system() {
        String path = System.getenv("PATH");
        return new DebianFetcher(SystemProcessRunner.fromPath(path == null ? "/usr/bin:/bin" : path));
    }

    @Override
    public void fetch(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = Files.createDirectories(absolute.getParent());
        Path work = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".fetch-");
        try {
            run(List.of("apt-get", "download", PACKAGE), work, downloadTimeout);
            Path deb = onlyDeb(work);
            Path extracted = work.resolve("x");
            run(List.of("dpkg", "-x", deb.toString(), extracted.toString()), work, EXTRACT_TIMEOUT);
            Path staging = Files.createDirectory(work.resolve(absolute.getFileName()));
            for (String base : FashionMnist.FILES) {
                Path file = findIn(extracted, base).orElseThrow(() -> new IOException(deb.getFileName()
                        + " holds no " + base + ".gz (nor " + base + "); expected the four Fashion-MNIST files in it"));
                Files.move(file, staging.resolve(file.getFileName()));
            }
            install(staging, absolute, work);
        } finally {
            deleteRecursively(work);
        }
    }

    private void run(List<String> command, Path work, Duration timeout) throws IOException {
        String shown = String.join(" ", command);
        ProcessRunner.Result result;
        try {
            result = runner.run(command, work, timeout);
        } catch (IOException e) {
            throw new IOException(shown + " could not run: " + e.getMessage(), e);
        }
        if (result.exitCode() != 0) {
            throw new IOException(shown + " failed (exit code " + result.exitCode() + "): " + result.tail(4));
        }
    }

    private static Path onlyDeb(Path work) throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().endsWith(".deb")).toList();
            if (debs.size() != 1) {
                throw new IOException("apt-get download " + PACKAGE + " reported success but left " + debs.size()
                        + " .deb files in " + work + "; expected one");
            }
            return debs.get(0);
        }
    }

    /** The extracted {@code base.gz} (or plain {@code base}), wherever the package put it. */
    private static Optional<Path> findIn(Path extracted, String base) throws IOException {
        if (!Files.isDirectory(extracted)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(extracted)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().equals(base + ".gz") || p.getFileName().toString().equals(base))
                    .min(Comparator.comparing(p -> p.getFileName().toString().endsWith(".gz") ? 0 : 1));
        }
    }

    /**
     * Renames {@code staging} to {@code target}. A target that exists (an incomplete folder) is
     * first moved into the work folder, to be deleted with it. If another process installed a
     * complete target meanwhile, that one is kept.
     */
    private static void install(Path staging, Path target, Path work) throws IOException {
        if (Files.exists(target)) {
            Files.move(target, work.resolve("replaced"));
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        } catch (IOException e) {
            if (!Files.isDirectory(target) || !FashionMnist.missing(target).isEmpty()) {
                throw e;
            }
        }
    }

    /** Best effort: a folder that cannot be deleted must not hide the error that ended the fetch. */
    private static void deleteRecursively(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // left behind as a hidden ".fashion-mnist.fetch-*" folder next to the target
        }
    }
}
