package dev.kiln.runtime.data;

import static dev.kiln.runtime.data.TestFiles.cifarRecords;
import static dev.kiln.runtime.data.TestFiles.gzip;
import static dev.kiln.runtime.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
    @TempDir
    Path dir;

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected «" + part + "» in: " + e.getMessage());
        }
    }

    @Test
    void recordsOfSeveralFilesRoundTripExactlyInOrder() throws Exception {
        byte[] first = cifarRecords(3, 0, 9);
        byte[] second = cifarRecords(7);
        Path a = write(dir.resolve("data_batch_1.bin"), first);
        Path b = write(dir.resolve("data_batch_2.bin"), second);
        Dataset d = Cifar10Reader.read(List.of(a, b), "cifar");
        assertEquals(4, d.size());
        assertEquals(3, d.channels());
        assertEquals(32, d.height());
        assertEquals(32, d.width());
        assertEquals(10, d.classes());
        assertArrayEquals(new int[] {3, 0, 9, 7}, d.labels());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Arrays.copyOfRange(first, i * 3073 + 1, (i + 1) * 3073), d.image(i));
        }
        assertArrayEquals(Arrays.copyOfRange(second, 1, 3073), d.image(3));
        // red plane first, then green, then blue: byte 1 + 1024 + 32·y + x of a record is green (y, x)
        assertEquals(first[3073 + 1 + 1024 + 32 * 5 + 6] & 0xFF, d.pixel(1, 1, 5, 6));
    }

    @Test
    void aFileThatIsNotWholeRecordsIsRefusedBeforeReading() {
        byte[] records = cifarRecords(1, 2);
        Path bad = write(dir.resolve("data_batch_3.bin"), Arrays.copyOf(records, records.length - 100));
        Path good = write(dir.resolve("data_batch_1.bin"), records);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10Reader.read(List.of(good, bad), "c"));
        assertEquals(bad + ": has 6046 bytes, but a CIFAR-10 binary file holds whole records of 3073 bytes"
                + " (1 label + 3×32×32 pixels); 1 records and 2973 bytes left over", e.getMessage());
    }

    @Test
    void cifar100RecordsGetAHint() {
        Path bad = write(dir.resolve("train.bin"), new byte[3074 * 3]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10Reader.read(List.of(bad), "c"));
        assertMentions(e, "3074-byte records would be CIFAR-100");
    }

    @Test
    void anEmptyFileIsRefused() {
        Path empty = write(dir.resolve("test_batch.bin"), new byte[0]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10Reader.read(List.of(empty), "c"));
        assertMentions(e, empty + ": has 0 bytes", "it is empty");
    }

    @Test
    void aLabelOutsideZeroToNineIsRefusedWithItsRecord() {
        byte[] records = cifarRecords(1, 2, 3);
        records[2 * 3073] = 10;
        Path file = write(dir.resolve("data_batch_1.bin"), records);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10Reader.read(List.of(file), "c"));
        assertEquals(file + ": the label of record 2 (byte 6146) is 10, but labels must be class indices in [0, 10)", e.getMessage());
    }

    @Test
    void aGzippedFileIsRefusedWithAHint() {
        Path file = write(dir.resolve("data_batch_1.bin"), gzip(cifarRecords(1)));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10Reader.read(List.of(file), "c"));
        assertMentions(e, file + ": is gzip-compressed; expected the plain CIFAR-10 binary file");
    }

    /** A sparse file as long as 2^40 pixels' worth of records, after a good one: refused by its length, and named. */
    @Test
    void aFileLongerThanAnyDataSetIsNamedAndNothingIsRead() throws Exception {
        Path good = write(dir.resolve("test_batch.bin"), cifarRecords(1, 2));
        Path huge = dir.resolve("data_batch_1.bin");
        long records = (1L << 40) / Cifar10Reader.IMAGE + 1;
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(records * Cifar10Reader.RECORD);
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10Reader.read(List.of(good, huge), "c"));
        assertMentions(e, huge + ": is one of 2 files holding " + (records + 2) + " records (test_batch.bin 2, data_batch_1.bin "
                + records + "), more pixels than one Java array holds (2 GiB); no CIFAR-10 file is that long");
    }

    @Test
    void noFilesIsAnArgumentError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cifar10Reader.read(List.of(), "c"));
        assertMentions(e, "no CIFAR-10 files given");
    }
}
