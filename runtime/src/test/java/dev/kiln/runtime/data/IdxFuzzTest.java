package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.testing.FileFuzzJudge;
import dev.kiln.runtime.testing.FileFuzzTally;
import dev.kiln.runtime.testing.FileMutations;
import dev.kiln.runtime.testing.GuardedRead;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDX pairs, plain and gzip-compressed, truncated, bit-flipped, overwritten, extended, and with
 * headers claiming up to 2^40 pixels or 2^32 labels (corrupting the compressed bytes or the
 * content under them). Each read must be a {@link DataFormatException} naming the file, or
 * exactly what an independent reading ({@link IdxReference}) finds; never a hang, an
 * out-of-memory error or an allocation of what a header claims.
 *
 * <p>{@code -Dkiln.filefuzz.count} files (1,000; {@code -Pfuzz} 3,000), {@code -Dkiln.filefuzz.seed}.
 */
class IdxFuzzTest {
    private static final long MIX = 0x9E3779B97F4A7C15L;
    /** Reading 20 small images allocates well under a MiB; 32 MiB is a header believed. */
    private static final long BOUND = 32L << 20;
    private static final long[][] LIES = {{1L << 16, 4096, 4096}, {1L << 24, 256, 256}, {0xFFFFFFFFL, 1, 1},
            {1, 0xFFFFFFFFL, 0xFFFFFFFFL}, {0xFFFFFFFFL, 4096, 4096}, {20, 65536, 65536}, {1L << 31, 28, 28}};

    @TempDir
    Path dir;

    @Test
    void corruptIdxFilesGiveClearErrorsOrExactReads() throws IOException {
        long seed = FileFuzzJudge.seed();
        int count = Integer.getInteger("kiln.filefuzz.count", 1000);
        byte[] images = TestFiles.idxImages(IdxReader.IMAGES_MAGIC, 20, 8, 8, TestFiles.pattern(20, 8, 8));
        byte[] labels = TestFiles.idxLabels(IdxReader.LABELS_MAGIC, 20, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        FileFuzzTally tally = new FileFuzzTally("IDX");
        try (GuardedRead guard = new GuardedRead(Duration.ofSeconds(10))) {
            for (int i = 0; i < count; i++) {
                SplittableRandom r = new SplittableRandom(seed + MIX * (i + 1));
                boolean onImages = r.nextBoolean();
                int packing = r.nextInt(3); // 0 plain, 1 gzip with corrupt content, 2 corrupt gzip bytes
                byte[] target = onImages ? images : labels;
                FileMutations.HeaderLie lie = onImages ? IdxFuzzTest::imagesLie : IdxFuzzTest::labelsLie;
                FileMutations.HeaderLie lieUnderGzip = (bytes, random) -> {
                    FileMutations.Mutant plain = lie.apply(target, random);
                    return new FileMutations.Mutant(plain.kind(), plain.what(), TestFiles.gzip(plain.bytes()));
                };
                FileMutations.Mutant m = packing == 2 ? FileMutations.mutate(TestFiles.gzip(target), r, lieUnderGzip)
                        : FileMutations.mutate(target, r, lie);
                byte[] bad = packing == 1 ? TestFiles.gzip(m.bytes()) : m.bytes();
                byte[] other = packing == 0 ? (onImages ? labels : images) : TestFiles.gzip(onImages ? labels : images);
                Path im = Files.write(dir.resolve("images-" + i), onImages ? bad : other);
                Path lb = Files.write(dir.resolve("labels-" + i), onImages ? other : bad);
                Optional<IdxReference.Pair> truth = IdxReference.read(Files.readAllBytes(im), Files.readAllBytes(lb));
                FileFuzzJudge.judge(tally, m, "case " + i + " of -Dkiln.filefuzz.seed=" + seed + ", "
                                + (onImages ? "images" : "labels") + ", " + List.of("plain", "gzip content", "gzip bytes").get(packing),
                        guard.run(() -> IdxReader.read(im, lb, "fuzz")),
                        truth.<FileFuzzJudge.Oracle<Dataset>>map(p -> FileFuzzJudge.Oracle.valid(p::matches))
                                .orElse(FileFuzzJudge.Oracle.invalid()),
                        List.of(DataFormatException.class), List.of(onImages ? im : lb), BOUND);
                Files.delete(im);
                Files.delete(lb);
            }
        }
        System.out.printf("IdxFuzzTest: seed %d (replay with -Dkiln.filefuzz.seed=%d)%n%s", seed, seed, tally.report());
        assertEquals(List.of(), tally.failures(), tally.report());
        assertTrue(count < 100 || tally.count(FileFuzzTally.CLEAR_ERROR) > count / 2, tally.report());
    }

    /** An images header claiming a count and size no file holds (up to 2^40 pixels and more). */
    private static FileMutations.Mutant imagesLie(byte[] valid, SplittableRandom r) {
        long[] claim = LIES[r.nextInt(LIES.length)];
        byte[] b = valid.clone();
        ByteBuffer.wrap(b).putInt(4, (int) claim[0]).putInt(8, (int) claim[1]).putInt(12, (int) claim[2]);
        return new FileMutations.Mutant("oversized-header", "header claims " + claim[0] + " images of " + claim[1] + "×" + claim[2], b);
    }

    private static FileMutations.Mutant labelsLie(byte[] valid, SplittableRandom r) {
        long claim = List.of(0xFFFFFFFFL, 1L << 31, 1L << 30, 21L).get(r.nextInt(4));
        byte[] b = valid.clone();
        ByteBuffer.wrap(b).putInt(4, (int) claim);
        return new FileMutations.Mutant("oversized-header", "header claims " + claim + " labels", b);
    }
}
