package dev.kiln.runtime.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Fashion-MNIST folder (one holding the four {@link FashionMnist#FILES}), in this order:
 * <ol>
 *   <li>a folder the user named ({@code --data DIR});</li>
 *   <li>the environment variable {@code KILN_DATA};</li>
 *   <li>Debian's {@code /usr/share/datasets/fashion-mnist} ({@code apt-get install dataset-fashion-mnist});</li>
 *   <li>the per-user cache {@code ~/.kiln/datasets/fashion-mnist}, or
 *       {@code $KILN_HOME/datasets/fashion-mnist} when {@code KILN_HOME} is set.</li>
 * </ol>
 * A folder the user named (1 or 2) that lacks files is an error naming them, never passed over
 * for another. When neither 3 nor 4 has the files, the {@link Fetcher} fills the cache; when
 * that fails too, the {@link DataNotFoundException} says exactly how to get the data.
 *
 * <p>Everything outside the process is injected (environment, home, the system folder, the
 * fetcher, where the one progress line goes), so every branch is testable without network or root.
 */
public final class DataLocator {
    /** Where Debian's {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEBIAN_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");

    /** Puts the four Fashion-MNIST files into a folder that does not hold them yet. */
    @FunctionalInterface
    public interface Fetcher {
        /** Fills {@code target} with the four files, or throws saying why it could not. */
        void fetch(Path target) throws IOException;
    }

    private final Optional<Path> explicit;
    private final Map<String, String> environment;
    private final Path userHome;
    private final Path systemFolder;
    private final Fetcher fetcher;
    private final PrintStream out;

    /**
     * @param explicit     the folder given on the command line, if any
     * @param environment  the environment variables ({@code System.getenv()} in production)
     * @param userHome     the user's home folder
     * @param systemFolder where a system package puts the files ({@link #DEBIAN_FOLDER})
     * @param fetcher      fills the cache when no folder has the files
     * @param out          where the one line announcing a fetch goes
     */
    public DataLocator(Optional<Path> explicit, Map<String, String> environment, Path userHome, Path systemFolder,
                       Fetcher fetcher, PrintStream out) {
        this.explicit = explicit;
        this.environment = Map.copyOf(environment);
        this.userHome = userHome;
        this.systemFolder = systemFolder;
        this.fetcher = fetcher;
        this.out = out;
    }

    /** The locator for this process: its environment, home, Debian's folder and {@link DebianFetcher}. */
    public static DataLocator standard(Optional<Path> explicit) {
        return new DataLocator(explicit, System.getenv(), Path.of(System.getProperty("user.home")), DEBIAN_FOLDER,
                DebianFetcher.system(), System.out);
    }

    /** The per-user cache folder: {@code $KILN_HOME/datasets/fashion-mnist} or {@code ~/.kiln/datasets/fashion-mnist}. */
    public Path cacheFolder() {
        return variable("KILN_HOME").map(Path::of).orElse(userHome.resolve(".kiln"))
                .resolve("datasets").resolve("fashion-mnist");
    }

    /** The first folder with the four files, without fetching; empty when only a fetch could help. */
    public Optional<Path> find() throws DataNotFoundException {
        if (explicit.isPresent()) {
            return Optional.of(requireComplete(explicit.get(), "--data " + explicit.get()));
        }
        Optional<String> kilnData = variable("KILN_DATA");
        if (kilnData.isPresent()) {
            return Optional.of(requireComplete(Path.of(kilnData.get()), "KILN_DATA=" + kilnData.get()));
        }
        for (Path candidate : List.of(systemFolder, cacheFolder())) {
            if (FashionMnist.missing(candidate).isEmpty()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The folder with the four files, fetching them into {@link #cacheFolder()} when no folder has them. */
    public Path locate() throws IOException {
        Optional<Path> found = find();
        if (found.isPresent()) {
            return found.get();
        }
        Path cache = cacheFolder();
        out.println("kiln: fetching Fashion-MNIST (Debian package " + DebianFetcher.PACKAGE + ", 30 MB) into " + cache);
        try {
            fetcher.fetch(cache);
        } catch (IOException e) {
            throw new DataNotFoundException(notFound("fetching it failed: " + e.getMessage()), e);
        }
        List<String> missing = FashionMnist.missing(cache);
        if (!missing.isEmpty()) {
            throw new DataNotFoundException(notFound("the fetch finished but " + cache + " lacks " + names(missing)));
        }
        return cache;
    }

    private Path requireComplete(Path dir, String source) throws DataNotFoundException {
        if (!Files.isDirectory(dir)) {
            throw new DataNotFoundException(source + ": no such folder; " + howTo());
        }
        List<String> missing = FashionMnist.missing(dir);
        if (!missing.isEmpty()) {
            throw new DataNotFoundException(source + ": the folder lacks " + names(missing) + "; " + howTo());
        }
        return dir;
    }

    private String notFound(String why) {
        return "Fashion-MNIST not found in " + systemFolder + " nor in " + cacheFolder() + ", and " + why + ". " + howTo();
    }

    private static String howTo() {
        List<String> gz = new ArrayList<>();
        for (String base : FashionMnist.FILES) {
            gz.add(base + ".gz");
        }
        return "To get Fashion-MNIST, either install Debian's package: sudo apt-get update && sudo apt-get install -y "
                + DebianFetcher.PACKAGE + " (it puts the files into " + DEBIAN_FOLDER + "), or put the four files "
                + String.join(", ", gz) + " (plain or gzipped) into a folder DIR and pass --data DIR or set KILN_DATA=DIR.";
    }

    private static String names(List<String> bases) {
        List<String> shown = new ArrayList<>();
        for (String base : bases) {
            shown.add(base + "[.gz]");
        }
        return String.join(", ", shown);
    }

    private Optional<String> variable(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
