package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.testing.FileFuzzJudge;
import dev.kiln.runtime.testing.FileFuzzTally;
import dev.kiln.runtime.testing.FileMutations;
import dev.kiln.runtime.testing.GuardedRead;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CIFAR-10 binary files, read two at a time, one of them truncated, bit-flipped, overwritten,
 * extended, or (CIFAR has no header: its length is its claim) a sparse file of up to 1.1 TB that
 * claims 2^40 pixels. Each read must be a {@link DataFormatException} naming a file, or exactly
 * the records the bytes hold; never a hang, an out-of-memory error or a large allocation.
 */
class CifarFuzzTest {
    private static final long MIX = 0x9E3779B97F4A7C15L;
    /** Reading 5 records allocates a 3 MiB read buffer and 15 KiB of pixels. */
    private static final long BOUND = 32L << 20;
    /** Record counts of the sparse files: 2^40 pixels, just past one Java array, a terabyte's worth of int. */
    private static final long[] SPARSE_RECORDS = {(1L << 40) / Cifar10Reader.IMAGE + 1, 699_051, Integer.MAX_VALUE + 1L};

    @TempDir
    Path dir;

    @Test
    void corruptCifarFilesGiveClearErrorsOrExactReads() throws IOException {
        long seed = FileFuzzJudge.seed();
        int count = Integer.getInteger("kiln.filefuzz.count", 1000);
        byte[] good = TestFiles.cifarRecords(3, 1, 4);
        byte[] valid = TestFiles.cifarRecords(1, 5, 9);
        FileFuzzTally tally = new FileFuzzTally("CIFAR-10");
        try (GuardedRead guard = new GuardedRead(Duration.ofSeconds(10))) {
            for (int i = 0; i < count; i++) {
                SplittableRandom r = new SplittableRandom(seed + MIX * (i + 1));
                Path bad = dir.resolve("data_batch_" + i + ".bin");
                FileMutations.Mutant m = FileMutations.mutate(valid, r, (v, random) -> sparse(random));
                if (m.bytes() == null) {
                    try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
                        f.setLength(Long.parseLong(m.what().split(" ")[2]));
                    }
                } else {
                    Files.write(bad, m.bytes());
                }
                Path other = Files.write(dir.resolve("test_batch_" + i + ".bin"), good);
                List<Path> files = r.nextBoolean() ? List.of(bad, other) : List.of(other, bad);
                byte[] all = m.bytes() == null ? null : concat(files.get(0) == bad ? m.bytes() : good, files.get(0) == bad ? good : m.bytes());
                FileFuzzJudge.judge(tally, m, "case " + i + " of -Dkiln.filefuzz.seed=" + seed, guard.run(() -> Cifar10Reader.read(files, "fuzz")),
                        all != null && isValid(m.bytes()) ? FileFuzzJudge.Oracle.valid(d -> holds(d, all)) : FileFuzzJudge.Oracle.invalid(),
                        List.of(DataFormatException.class), List.of(bad), BOUND);
                Files.delete(bad);
                Files.delete(other);
            }
        }
        System.out.printf("CifarFuzzTest: seed %d (replay with -Dkiln.filefuzz.seed=%d)%n%s", seed, seed, tally.report());
        assertEquals(List.of(), tally.failures(), tally.report());
        assertTrue(count < 100 || tally.count(FileFuzzTally.CLEAR_ERROR) > count / 4, tally.report());
    }

    /** A file of whole records, plain, with every label a class index. */
    private static boolean isValid(byte[] file) {
        if (file.length == 0 || file.length % Cifar10Reader.RECORD != 0
                || ((file[0] & 0xFF) == 0x1f && file.length > 1 && (file[1] & 0xFF) == 0x8b)) {
            return false;
        }
        for (int at = 0; at < file.length; at += Cifar10Reader.RECORD) {
            if ((file[at] & 0xFF) >= Cifar10Reader.CLASSES) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code d} holds the records of {@code all}, in order. */
    private static boolean holds(Dataset d, byte[] all) {
        int n = all.length / Cifar10Reader.RECORD;
        if (d.size() != n || d.channels() != 3 || d.height() != 32 || d.width() != 32) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int at = i * Cifar10Reader.RECORD;
            if (d.label(i) != (all[at] & 0xFF)
                    || !Arrays.equals(d.image(i), Arrays.copyOfRange(all, at + 1, at + Cifar10Reader.RECORD))) {
                return false;
            }
        }
        return true;
    }

    /** No bytes: the test makes a sparse file of the length the description's third word gives. */
    private static FileMutations.Mutant sparse(SplittableRandom r) {
        long records = SPARSE_RECORDS[r.nextInt(SPARSE_RECORDS.length)];
        long length = records * Cifar10Reader.RECORD;
        return new FileMutations.Mutant("oversized-header", "sparse file " + length + " bytes long, " + records
                + " records", null);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
