package dev.kiln.runtime.io;

import static dev.kiln.runtime.testing.SameArray.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A write that fails at any point leaves the previous file as it was and no temporary file behind. */
class AtomicWriteTest {
    @TempDir
    Path dir;

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The second array's memory was released, so ND4J throws when the writer reaches it, after
     * the first entry went to the temporary file.
     */
    @Test
    void anArrayThatFailsMidwayLeavesTheOldFile() throws IOException {
        Path file = dir.resolve("ckpt.npz");
        INDArray old = Nd4j.createFromArray(1f, 2f, 3f);
        Npz.write(file, Map.of("w", old));
        byte[] before = Files.readAllBytes(file);

        INDArray released = Nd4j.createFromArray(4f, 5f);
        released.close();
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("big", Nd4j.rand(DataType.FLOAT, 256, 256));
        arrays.put("released", released);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Npz.write(file, arrays));
        assertEquals("You can't use DataBuffer once it was released", e.getMessage());

        assertArrayEquals(before, Files.readAllBytes(file));
        assertIdentical(old, Npz.read(file).get("w"), "the old checkpoint");
        assertEquals(List.of("ckpt.npz"), files(), "no temporary file is left");
    }

    @Test
    void anExceptionFromTheWriterLeavesTheOldFileOrNone() throws IOException {
        Path file = dir.resolve("data.bin");
        Files.writeString(file, "previous");
        for (RuntimeException thrown : new RuntimeException[] {new IllegalStateException("disk on fire"),
                new UncheckedIOException(new IOException("No space left on device"))}) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> AtomicFile.write(file, out -> {
                out.write(new byte[100_000]);
                throw thrown;
            }));
            assertSame(thrown, e);
            assertEquals("previous", Files.readString(file));
        }
        IOException io = assertThrows(IOException.class, () -> AtomicFile.write(dir.resolve("new.bin"), out -> {
            out.write(1);
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", io.getMessage());
        assertFalse(Files.exists(dir.resolve("new.bin")), "a failed first write leaves no file");
        assertEquals(List.of("data.bin"), files(), "no temporary file is left");
    }

    @Test
    void aSuccessfulWriteReplacesTheFileWithoutLeftovers() throws IOException {
        Path file = dir.resolve("data.bin");
        Files.writeString(file, "previous");
        AtomicFile.write(file, out -> {
            out.write("next".getBytes(StandardCharsets.US_ASCII));
            out.close(); // only flushes: the file is forced and moved after the writer returns
        });
        assertEquals("next", Files.readString(file));
        Npz.write(dir.resolve("relative-dir-check.npz"), Map.of("x", Nd4j.scalar(1L)));
        assertEquals(List.of("data.bin", "relative-dir-check.npz"), files());
    }

    @Test
    void theNextWriteDeletesTemporaryFilesOfDeadWritersOnly() throws IOException, InterruptedException {
        Path file = dir.resolve("checkpoint.npz");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String dead = ".checkpoint.npz." + gone.pid() + "-abc.tmp";
        String live = ".checkpoint.npz." + ProcessHandle.current().pid() + "-def.tmp";
        for (String name : List.of(dead, live, ".checkpoint.npz.notapid.tmp", ".other.npz." + gone.pid() + "-x.tmp")) {
            Files.writeString(dir.resolve(name), "partial");
        }
        assertEquals(List.of(dir.resolve(dead)), AtomicFile.orphans(file));

        AtomicFile.writeString(file, "complete");

        assertEquals("complete", Files.readString(file));
        assertEquals(List.of(".checkpoint.npz." + ProcessHandle.current().pid() + "-def.tmp", ".checkpoint.npz.notapid.tmp",
                ".other.npz." + gone.pid() + "-x.tmp", "checkpoint.npz"), files());
    }
}
