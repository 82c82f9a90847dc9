package dev.kiln.runtime.data;

import static dev.kiln.runtime.data.TestFiles.gzip;
import static dev.kiln.runtime.data.TestFiles.idxImages;
import static dev.kiln.runtime.data.TestFiles.idxLabels;
import static dev.kiln.runtime.data.TestFiles.pattern;
import static dev.kiln.runtime.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdxReaderTest {
    private static final int IMAGES = IdxReader.IMAGES_MAGIC;
    private static final int LABELS = IdxReader.LABELS_MAGIC;

    @TempDir
    Path dir;

    private Path images(byte[] content, boolean gz) {
        return write(dir.resolve("images-idx3-ubyte"), content, gz);
    }

    private Path labels(byte[] content, boolean gz) {
        return write(dir.resolve("labels-idx1-ubyte"), content, gz);
    }

    /** Reads and returns the failure, checking it names the file. */
    private DataFormatException failure(Path images, Path labels, Path culprit) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels, "t"));
        assertTrue(e.getMessage().startsWith(culprit + ": "), e.getMessage());
        return e;
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected «" + part + "» in: " + e.getMessage());
        }
    }

    @ParameterizedTest(name = "images gzipped {0}, labels gzipped {1}")
    @CsvSource({"false, false", "true, true", "true, false", "false, true"})
    void aCorrectTinyPairRoundTripsExactly(boolean gzImages, boolean gzLabels) throws Exception {
        byte[] pixels = pattern(3, 4, 5);
        Dataset d = IdxReader.read(images(idxImages(IMAGES, 3, 4, 5, pixels), gzImages),
                labels(idxLabels(LABELS, 3, 0, 9, 5), gzLabels), "tiny");
        assertEquals("tiny", d.name());
        assertEquals(3, d.size());
        assertEquals(1, d.channels());
        assertEquals(4, d.height());
        assertEquals(5, d.width());
        assertEquals(10, d.classes());
        assertArrayEquals(new int[] {0, 9, 5}, d.labels());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Arrays.copyOfRange(pixels, i * 20, i * 20 + 20), d.image(i));
        }
        assertEquals((31 * 2 + 7) & 0xFF, d.pixel(2, 0, 1, 2));
    }

    @Test
    void pixelsAboveOneHundredTwentySevenReadAsUnsigned() throws Exception {
        byte[] pixels = {(byte) 255, (byte) 128, 0, 127};
        Dataset d = IdxReader.read(images(idxImages(IMAGES, 1, 2, 2, pixels), false), labels(idxLabels(LABELS, 1, 3), false), "u");
        assertEquals(255, d.pixel(0, 0, 0, 0));
        assertEquals(128, d.pixel(0, 0, 0, 1));
    }

    @ParameterizedTest(name = "gzipped {0}")
    @CsvSource({"false", "true"})
    void swappedFilesAreCalledSwapped(boolean gz) {
        Path holdsLabels = images(idxLabels(LABELS, 2, 1, 2), gz);
        Path holdsImages = labels(idxImages(IMAGES, 2, 1, 1, new byte[2]), gz);
        DataFormatException labelsFirst = failure(holdsLabels, holdsImages, holdsImages);
        assertMentions(labelsFirst, "expected an IDX labels file (magic number 0x00000801)", "starts with 0x00000803",
                "(that is the magic number of an images file; are the images and labels files swapped?)");
        DataFormatException images = failure(holdsLabels, holdsLabels, holdsLabels);
        assertMentions(images, "expected an IDX images file (magic number 0x00000803)", "starts with 0x00000801",
                "(that is the magic number of a labels file; are the images and labels files swapped?)");
    }

    @Test
    void aWrongImagesMagicNumberNamesBoth() {
        Path img = images(idxImages(0x12345678, 1, 1, 1, new byte[1]), false);
        DataFormatException e = failure(img, labels(idxLabels(LABELS, 1, 0), false), img);
        assertMentions(e, "expected an IDX images file (magic number 0x00000803), but the file starts with 0x12345678");
    }

    @Test
    void aWrongLabelsMagicNumberNamesBoth() {
        Path lab = labels(idxLabels(0x00000802, 1, 0), true);
        DataFormatException e = failure(images(idxImages(IMAGES, 1, 1, 1, new byte[1]), false), lab, lab);
        assertMentions(e, "expected an IDX labels file (magic number 0x00000801), but the decompressed data starts with 0x00000802");
    }

    @Test
    void aTruncatedPlainImagesFileIsRefusedFromItsLength() {
        byte[] full = idxImages(IMAGES, 3, 4, 5, pattern(3, 4, 5));
        Path img = images(Arrays.copyOf(full, full.length - 7), false);
        DataFormatException e = failure(img, labels(idxLabels(LABELS, 3, 1, 2, 3), false), img);
        assertMentions(e, "truncated: the header promises 3 images of 4×5, 76 bytes in all, but the file has 69 bytes");
    }

    @Test
    void aTruncatedGzippedImagesFileSaysWhereItEnds() {
        byte[] full = idxImages(IMAGES, 3, 4, 5, pattern(3, 4, 5));
        Path img = images(Arrays.copyOf(full, full.length - 7), true);
        DataFormatException e = failure(img, labels(idxLabels(LABELS, 3, 1, 2, 3), false), img);
        assertMentions(e, "truncated: expected 60 bytes of the pixels of 3 images of 4×5 but the decompressed data ends after 53");
    }

    @Test
    void aGzipStreamCutShortIsTruncated() {
        byte[] z = gzip(idxImages(IMAGES, 50, 10, 10, pattern(50, 10, 10)));
        Path img = write(dir.resolve("cut.gz"), Arrays.copyOf(z, z.length / 2));
        DataFormatException e = failure(img, labels(idxLabels(LABELS, 50, new int[50]), false), img);
        assertMentions(e, "gzip data is truncated", "the pixels of 50 images of 10×10");
    }

    @Test
    void aTruncatedLabelsFileIsRefused() {
        byte[] full = idxLabels(LABELS, 3, 1, 2, 3);
        Path lab = labels(Arrays.copyOf(full, 9), false);
        DataFormatException e = failure(images(idxImages(IMAGES, 3, 1, 1, new byte[3]), false), lab, lab);
        assertMentions(e, "the header promises 3 labels, 11 bytes in all, but the file has 9 bytes");
    }

    @Test
    void anEmptyFileEndsInsideTheMagicNumber() {
        Path lab = labels(new byte[0], false);
        DataFormatException e = failure(images(idxImages(IMAGES, 1, 1, 1, new byte[1]), false), lab, lab);
        assertMentions(e, "expected 4 bytes of the magic number but the file ends after 0 of them");
    }

    @ParameterizedTest(name = "gzipped {0}")
    @CsvSource({"false", "true"})
    void bytesAfterThePromisedDataAreRefused(boolean gz) {
        byte[] data = idxImages(IMAGES, 2, 2, 2, new byte[9]);
        Path img = images(data, gz);
        DataFormatException e = failure(img, labels(idxLabels(LABELS, 2, 0, 0), false), img);
        assertMentions(e, gz ? "expected the decompressed data to end after the pixels of 2 images of 2×2 (byte 24)"
                : "the header promises 2 images of 2×2, 24 bytes in all, but the file has 25 bytes; 1 bytes would be left unread");
    }

    @Test
    void imageAndLabelCountsMustAgree() {
        Path img = images(idxImages(IMAGES, 3, 2, 2, new byte[12]), true);
        Path lab = labels(idxLabels(LABELS, 2, 4, 5), true);
        DataFormatException e = failure(img, lab, img);
        assertMentions(e, "holds 3 images, but its labels file " + lab + " holds 2 labels");
    }

    @ParameterizedTest(name = "label {0}")
    @CsvSource({"10", "255"})
    void labelsOutsideZeroToNineAreRefused(int bad) {
        Path lab = labels(idxLabels(LABELS, 3, 0, bad, 1), false);
        DataFormatException e = failure(images(idxImages(IMAGES, 3, 1, 1, new byte[3]), false), lab, lab);
        assertMentions(e, "label 1 (byte 9) is " + bad + ", but labels must be class indices in [0, 10)");
    }

    @Test
    void corruptDeflateDataIsACorruptGzip() {
        byte[] z = gzip(idxImages(IMAGES, 20, 10, 10, pattern(20, 10, 10)));
        z[10] = 0x07; // first deflate block: final, type 3, which deflate reserves
        Path img = write(dir.resolve("garbled"), z);
        DataFormatException e = failure(img, labels(idxLabels(LABELS, 20, new int[20]), false), img);
        assertMentions(e, "corrupt gzip data while reading the magic number (invalid block type)");
    }

    @Test
    void aFlippedBitFailsTheGzipChecksum() {
        byte[] data = idxImages(IMAGES, 1, 1, 4, new byte[] {1, 2, 3, 4});
        byte[] z = gzip(data);
        z[z.length - 8] ^= 1;
        Path img = write(dir.resolve("crc"), z);
        DataFormatException e = failure(img, labels(idxLabels(LABELS, 1, 0), false), img);
        assertMentions(e, "corrupt gzip data while reading the end of the file");
    }

    @Test
    void aCorruptGzipHeaderIsReported() {
        Path img = write(dir.resolve("bad-header"), new byte[] {0x1f, (byte) 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 0, 1, 2});
        DataFormatException e = failure(img, labels(idxLabels(LABELS, 1, 0), false), img);
        assertMentions(e, "starts like a gzip file (bytes 1f 8b) but its gzip header is corrupt");
    }

    @ParameterizedTest(name = "gzipped {0}")
    @CsvSource({"false", "true"})
    void twoToTheThirtyOneImagesAreRefusedBeforeAllocating(boolean gz) {
        Path img = images(idxImages(IMAGES, 1L << 31, 28, 28, new byte[100]), gz);
        Path lab = labels(idxLabels(LABELS, 1L << 31, 1, 2), gz);
        DataFormatException labelsFirst = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> failure(img, lab, lab));
        assertMentions(labelsFirst, "the header claims 2147483648 labels (2.0 GiB), more than one Java array holds");
        Path okLabels = labels(idxLabels(LABELS, 2, 1, 2), gz);
        DataFormatException images = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> failure(img, okLabels, img));
        assertMentions(images, "the header claims 2147483648 images of 28×28 (1568.0 GiB), more than one Java array holds");
    }

    @Test
    void hugeImagesAreRefused() {
        Path img = images(idxImages(IMAGES, 1, 100000, 100000, new byte[4]), false);
        DataFormatException e = failure(img, labels(idxLabels(LABELS, 1, 0), false), img);
        assertMentions(e, "the header claims images of 100000×100000 pixels; expected 1 to 16777216 pixels per image");
    }

    @Test
    void zeroRowsAreRefused() {
        Path img = images(idxImages(IMAGES, 1, 0, 28, new byte[0]), false);
        DataFormatException e = failure(img, labels(idxLabels(LABELS, 1, 0), false), img);
        assertMentions(e, "images of 0×28 pixels");
    }

    @Test
    void aSmallGzipClaimingAMillionImagesIsRefusedBeforeAllocating() {
        Path img = images(idxImages(IMAGES, 1_000_000, 28, 28, new byte[10]), true);
        Path lab = labels(idxLabels(LABELS, 1_000_000, 1), true);
        DataFormatException e = failure(img, lab, lab);
        assertMentions(e, "the header claims 1000000 labels (1000000 bytes), but a gzip file of", "deflate compresses 1032:1 at best");
        Path zeros = labels(idxLabels(LABELS, 1_000_000, new int[1_000_000]), true);
        DataFormatException images = failure(img, zeros, img);
        assertMentions(images, "the header claims 1000000 images of 28×28 (747.7 MiB), but a gzip file of", "holds at most");
    }

    /**
     * A gzip file can hold 1032 times its size, so a 16 KB one may claim one 4096×4096 image; the
     * reader grows its array as data arrives instead of allocating the 16 MiB claimed.
     */
    @Test
    void aGzipClaimWithinDeflatesRatioIsNotAllocatedBeforeTheDataProvesIt() {
        byte[] noise = new byte[16 * 1024];
        new java.util.SplittableRandom(1).nextBytes(noise);
        Path images = images(idxImages(IMAGES, 1, 4096, 4096, noise), true);
        Path labels = labels(idxLabels(LABELS, 1, 3), false);
        try (dev.kiln.runtime.testing.GuardedRead guard = new dev.kiln.runtime.testing.GuardedRead(Duration.ofSeconds(10))) {
            var a = guard.run(() -> IdxReader.read(images, labels, "t"));
            assertTrue(a.error() instanceof DataFormatException, String.valueOf(a.error()));
            assertMentions((DataFormatException) a.error(), "truncated: expected 16777216 bytes of the pixels of 1 images of 4096×4096"
                    + " but the decompressed data ends after 16384 of them");
            assertTrue(a.heapBytes() < 4L << 20, a.heapBytes() + " bytes allocated");
        }
    }
}
