package dev.kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.testing.FileFuzzJudge;
import dev.kiln.runtime.testing.FileFuzzTally;
import dev.kiln.runtime.testing.FileMutations;
import dev.kiln.runtime.testing.GuardedRead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code .npz} files as Kiln writes them (stored) and as {@code numpy.savez_compressed} would
 * (deflated), truncated, bit-flipped, overwritten, extended, or with an entry's header or the
 * zip directory claiming 2^40 elements or gigabytes. Each read must be an
 * {@link NpzFormatException} naming the file, or exactly the arrays written (a corruption the
 * format cannot see, such as a zip timestamp); never a hang, an out-of-memory error, another
 * exception or an allocation of the claim.
 */
class NpzFuzzTest {
    private static final long MIX = 0x9E3779B97F4A7C15L;
    /** The arrays are a few hundred bytes; reading allocates 64 KiB buffers. */
    private static final long BOUND = 32L << 20;

    @TempDir
    Path dir;

    @Test
    void corruptNpzFilesGiveClearErrorsOrExactReads() throws IOException {
        long seed = FileFuzzJudge.seed();
        int count = Integer.getInteger("kiln.filefuzz.count", 1000);
        Map<String, INDArray> arrays = arrays();
        Path written = dir.resolve("written.npz");
        Npz.write(written, arrays);
        byte[] stored = Files.readAllBytes(written);
        byte[] deflated = NpzFuzzFiles.deflated(entries(written));
        FileFuzzTally tally = new FileFuzzTally(".npz");
        try (GuardedRead guard = new GuardedRead(Duration.ofSeconds(10))) {
            for (int i = 0; i < count; i++) {
                SplittableRandom r = new SplittableRandom(seed + MIX * (i + 1));
                boolean compressed = r.nextBoolean();
                FileMutations.Mutant m = FileMutations.mutate(compressed ? deflated : stored, r, NpzFuzzFiles::lie);
                Path file = Files.write(dir.resolve("fuzz-" + i + ".npz"), m.bytes());
                FileFuzzJudge.judge(tally, m, "case " + i + " of -Dkiln.filefuzz.seed=" + seed + (compressed ? ", deflated" : ", stored"),
                        guard.run(() -> Npz.read(file)), FileFuzzJudge.Oracle.eitherWay(read -> NpzFuzzFiles.same(arrays, read)),
                        List.of(NpzFormatException.class), List.of(file), BOUND);
                Files.delete(file);
            }
        }
        System.out.printf("NpzFuzzTest: seed %d (replay with -Dkiln.filefuzz.seed=%d)%n%s", seed, seed, tally.report());
        assertEquals(List.of(), tally.failures(), tally.report());
        assertTrue(count < 100 || tally.count(FileFuzzTally.CLEAR_ERROR) > count / 2, tally.report());
    }

    /** One array of each type Kiln writes, a scalar and an empty one among them. */
    private static Map<String, INDArray> arrays() {
        Map<String, INDArray> a = new LinkedHashMap<>();
        a.put("stem.weight", Nd4j.linspace(DataType.FLOAT, -1, 0.25, 24).reshape(2, 3, 2, 2));
        a.put("stem.bn.running_var", Nd4j.linspace(DataType.DOUBLE, 0.5, 0.5, 4));
        a.put("meta.epoch", Nd4j.scalar(DataType.INT64, 7L));
        a.put("meta.model", Nd4j.createFromArray(75, 105, 108, 110));
        a.put("empty", Nd4j.create(DataType.FLOAT, 0, 3));
        return a;
    }

    /** The entries of a stored archive by name, as bytes. */
    private static Map<String, byte[]> entries(Path npz) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                out.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }
}
