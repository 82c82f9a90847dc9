package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {
    private static final String HOW_TO_APT = "sudo apt-get update && sudo apt-get install -y dataset-fashion-mnist";
    private static final String HOW_TO_DIR = "put the four files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
            + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz (plain or gzipped) into a folder DIR and pass --data DIR"
            + " or set KILN_DATA=DIR";

    @TempDir
    Path root;
    private Path home;
    private Path system;
    private final List<Path> fetched = new ArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void folders() throws IOException {
        home = Files.createDirectories(root.resolve("home"));
        system = root.resolve("usr-share-datasets-fashion-mnist");
    }

    private Path complete(String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        FashionMnistTest.writeTinyFolder(dir);
        return dir;
    }

    private DataLocator locator(Optional<Path> explicit, Map<String, String> env, DataLocator.Fetcher fetcher) {
        return new DataLocator(explicit, env, home, system, target -> {
            fetched.add(target);
            fetcher.fetch(target);
        }, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private DataLocator locator(Optional<Path> explicit, Map<String, String> env) {
        return locator(explicit, env, target -> {
            throw new AssertionError("no fetch expected");
        });
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected «" + part + "» in: " + e.getMessage());
        }
    }

    @Test
    void anExplicitFolderComesFirst() throws Exception {
        Path explicit = complete("explicit");
        complete("usr-share-datasets-fashion-mnist");
        Path env = complete("env");
        assertEquals(explicit, locator(Optional.of(explicit), Map.of("KILN_DATA", env.toString())).locate());
    }

    @Test
    void kilnDataComesBeforeTheSystemFolder() throws Exception {
        complete("usr-share-datasets-fashion-mnist");
        Path env = complete("env");
        assertEquals(env, locator(Optional.empty(), Map.of("KILN_DATA", env.toString())).locate());
    }

    @Test
    void theSystemFolderComesBeforeTheCache() throws Exception {
        Path sys = complete("usr-share-datasets-fashion-mnist");
        FashionMnistTest.writeTinyFolder(Files.createDirectories(home.resolve(".kiln/datasets/fashion-mnist")));
        assertEquals(sys, locator(Optional.empty(), Map.of("KILN_DATA", "  ")).locate());
    }

    @Test
    void theCacheIsUnderHomeOrKilnHome() throws Exception {
        Path cache = Files.createDirectories(home.resolve(".kiln/datasets/fashion-mnist"));
        FashionMnistTest.writeTinyFolder(cache);
        assertEquals(cache, locator(Optional.empty(), Map.of()).locate());
        Path kilnHome = root.resolve("kiln-home");
        assertEquals(kilnHome.resolve("datasets/fashion-mnist"), locator(Optional.empty(), Map.of("KILN_HOME", kilnHome.toString())).cacheFolder());
    }

    @Test
    void anIncompleteExplicitFolderIsAnErrorNotPassedOver() throws Exception {
        complete("usr-share-datasets-fashion-mnist");
        Path explicit = complete("explicit");
        Files.delete(explicit.resolve("t10k-labels-idx1-ubyte"));
        DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> locator(Optional.of(explicit), Map.of()).locate());
        assertMentions(e, "--data " + explicit + ": the folder lacks t10k-labels-idx1-ubyte[.gz]; ", HOW_TO_APT, HOW_TO_DIR);
        Path nowhere = root.resolve("nowhere");
        DataNotFoundException env = assertThrows(DataNotFoundException.class,
                () -> locator(Optional.empty(), Map.of("KILN_DATA", nowhere.toString())).locate());
        assertMentions(env, "KILN_DATA=" + nowhere + ": no such folder; ", HOW_TO_APT);
        assertEquals(List.of(), fetched);
    }

    @Test
    void withNoFolderTheCacheIsFetchedOnceAfterOneLine() throws Exception {
        Path kilnHome = root.resolve("kiln-home");
        DataLocator locator = locator(Optional.empty(), Map.of("KILN_HOME", kilnHome.toString()), target -> {
            Files.createDirectories(target);
            FashionMnistTest.writeTinyFolder(target);
        });
        Path cache = kilnHome.resolve("datasets/fashion-mnist");
        assertEquals(Optional.empty(), locator.find());
        assertEquals(cache, locator.locate());
        assertEquals(cache, locator.locate());
        assertEquals(List.of(cache), fetched);
        assertEquals("kiln: fetching Fashion-MNIST (Debian package dataset-fashion-mnist, 30 MB) into " + cache + System.lineSeparator(),
                printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailedFetchSaysHowToGetTheData() {
        IOException cause = new IOException("apt-get download dataset-fashion-mnist could not run: apt-get is not installed");
        DataLocator locator = locator(Optional.empty(), Map.of(), target -> {
            throw cause;
        });
        DataNotFoundException e = assertThrows(DataNotFoundException.class, locator::locate);
        assertMentions(e, "Fashion-MNIST not found in " + system + " nor in " + home.resolve(".kiln/datasets/fashion-mnist"),
                "fetching it failed: apt-get download dataset-fashion-mnist could not run: apt-get is not installed",
                HOW_TO_APT, HOW_TO_DIR);
        assertSame(cause, e.getCause());
    }

    @Test
    void aFetchThatLeavesNothingIsAnError() {
        DataLocator locator = locator(Optional.empty(), Map.of(), target -> { });
        DataNotFoundException e = assertThrows(DataNotFoundException.class, locator::locate);
        assertMentions(e, "the fetch finished but " + home.resolve(".kiln/datasets/fashion-mnist")
                + " lacks train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz]", HOW_TO_APT);
    }
}
