package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetch run against fake {@code apt-get} and {@code dpkg} scripts, and once against the real ones where they work. */
class DebianFetcherTest {
    @TempDir
    Path root;
    private Path bin;
    private Path tree;
    private Path target;

    @BeforeEach
    void folders() throws IOException {
        bin = Files.createDirectories(root.resolve("bin"));
        tree = Files.createDirectories(root.resolve("tree/usr/share/datasets/fashion-mnist"));
        FashionMnistTest.writeTinyFolder(tree);
        target = root.resolve("cache/datasets/fashion-mnist");
    }

    private void script(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** apt-get download leaves a .deb in the working folder; dpkg -x DEB DIR copies the prepared tree into DIR. */
    private void fakeDebian() throws IOException {
        script("apt-get", "[ \"$1\" = download ] && [ \"$2\" = dataset-fashion-mnist ] || exit 2\n"
                + "echo 'Get:1 http://deb.debian.org/debian bookworm/main amd64 dataset-fashion-mnist all [30.9 MB]'\n"
                + "echo fake > dataset-fashion-mnist_0.0_all.deb");
        script("dpkg", "[ \"$1\" = -x ] && [ -f \"$2\" ] || exit 2\nmkdir -p \"$3\" && cp -R '" + tree.getParent().getParent().getParent().getParent()
                + "'/. \"$3\"");
    }

    private DebianFetcher fetcher() {
        return new DebianFetcher(new SystemProcessRunner(List.of(bin)));
    }

    private void assertNoLeftovers() throws IOException {
        Path parent = target.getParent();
        if (Files.isDirectory(parent)) {
            try (Stream<Path> files = Files.list(parent)) {
                assertEquals(List.of(), files.filter(p -> p.getFileName().toString().contains(".fetch-")).toList());
            }
        }
    }

    @Test
    void aFetchInstallsTheFourFilesAndCleansUp() throws Exception {
        fakeDebian();
        fetcher().fetch(target);
        assertEquals(List.of(), FashionMnist.missing(target));
        assertEquals(3, FashionMnist.train(target).size());
        assertEquals(2, FashionMnist.test(target).size());
        assertNoLeftovers();
    }

    @Test
    void anIncompleteTargetIsReplaced() throws Exception {
        fakeDebian();
        Files.createDirectories(target);
        Files.writeString(target.resolve("train-images-idx3-ubyte"), "half a download");
        fetcher().fetch(target);
        assertEquals(List.of(), FashionMnist.missing(target));
        assertFalse(Files.exists(target.resolve("train-images-idx3-ubyte")));
        assertEquals(3, FashionMnist.train(target).size());
        assertNoLeftovers();
    }

    @Test
    void withoutAptGetTheFetchSaysSo() throws Exception {
        IOException e = assertThrows(IOException.class, () -> fetcher().fetch(target));
        assertEquals("apt-get download dataset-fashion-mnist could not run: apt-get is not installed (not found in [" + bin + "])",
                e.getMessage());
        assertFalse(Files.exists(target));
        assertNoLeftovers();
    }

    @Test
    void aFailingAptGetShowsItsOutput() throws Exception {
        script("apt-get", "echo 'Reading package lists...'\necho 'E: Unable to locate package dataset-fashion-mnist' >&2\nexit 100");
        IOException e = assertThrows(IOException.class, () -> fetcher().fetch(target));
        assertEquals("apt-get download dataset-fashion-mnist failed (exit code 100): Reading package lists...\n"
                + "E: Unable to locate package dataset-fashion-mnist", e.getMessage());
        assertFalse(Files.exists(target));
        assertNoLeftovers();
    }

    @Test
    void withoutDpkgTheFetchSaysSo() throws Exception {
        fakeDebian();
        Files.delete(bin.resolve("dpkg"));
        IOException e = assertThrows(IOException.class, () -> fetcher().fetch(target));
        assertTrue(e.getMessage().startsWith("dpkg -x "), e.getMessage());
        assertTrue(e.getMessage().endsWith("could not run: dpkg is not installed (not found in [" + bin + "])"), e.getMessage());
        assertNoLeftovers();
    }

    @Test
    void aPackageWithoutTheFilesIsRefused() throws Exception {
        fakeDebian();
        Files.delete(tree.resolve("t10k-labels-idx1-ubyte"));
        IOException e = assertThrows(IOException.class, () -> fetcher().fetch(target));
        assertEquals("dataset-fashion-mnist_0.0_all.deb holds no t10k-labels-idx1-ubyte.gz (nor t10k-labels-idx1-ubyte);"
                + " expected the four Fashion-MNIST files in it", e.getMessage());
        assertFalse(Files.exists(target));
        assertNoLeftovers();
    }

    @Test
    void aCommandRunningPastItsTimeoutIsStopped() throws Exception {
        script("slow", "exec sleep 30");
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class,
                () -> new SystemProcessRunner(List.of(bin)).run(List.of("slow"), root, Duration.ofMillis(300)));
        assertEquals("slow timed out after 0.3 s and was stopped", e.getMessage());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "the timeout must not wait for the command");
    }

    /** The real thing, where apt-get, dpkg and the network work; skipped otherwise. About 2 s on a fast link. */
    @Test
    void theRealDebianPackageFetches() throws Exception {
        DebianFetcher real = new DebianFetcher(SystemProcessRunner.fromPath("/usr/bin:/bin"), Duration.ofSeconds(60));
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")) && Files.isExecutable(Path.of("/usr/bin/dpkg")),
                "apt-get and dpkg are not installed");
        try {
            real.fetch(target);
        } catch (IOException e) {
            assumeTrue(!e.getMessage().startsWith("apt-get download"), "apt-get download does not work here: " + e.getMessage());
            throw e;
        }
        assertEquals(List.of(), FashionMnist.missing(target));
        Dataset test = FashionMnist.test(target);
        assertEquals(10000, test.size());
        assertNoLeftovers();
    }
}
