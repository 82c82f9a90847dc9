package dev.kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Files that are not what they claim: each must be a {@link NpzFormatException} naming the
 * entry and what was expected against what was found, and none may allocate what its header
 * claims or hang.
 */
@Timeout(20)
class NpzCorruptTest {
    @TempDir
    Path dir;

    /** A .npy entry: a version 1.0 header holding {@code dict}, then {@code dataBytes} zero bytes. */
    static byte[] npy(String dict, int dataBytes) {
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        int length = (10 + text.length + 1 + 63) / 64 * 64;
        byte[] out = new byte[length + dataBytes];
        byte[] prefix = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (length - 10), (byte) ((length - 10) >> 8)};
        System.arraycopy(prefix, 0, out, 0, 10);
        System.arraycopy(text, 0, out, 10, text.length);
        Arrays.fill(out, 10 + text.length, length - 1, (byte) ' ');
        out[length - 1] = '\n';
        return out;
    }

    /** An archive of stored entries, as numpy.savez writes them. */
    Path zip(String file, Map<String, byte[]> entries) throws IOException {
        return Files.write(dir.resolve(file), NpzFuzzFiles.stored(entries));
    }

    private NpzFormatException fails(Path file, String entry) {
        NpzFormatException e = assertThrows(NpzFormatException.class, () -> Npz.read(file));
        assertEquals(Optional.ofNullable(entry), e.entry(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": " + (entry == null ? "" : "entry " + entry + ": ")), e.getMessage());
        return e;
    }

    private static String detail(NpzFormatException e) {
        return e.getMessage().substring(e.getMessage().indexOf(": entry ") + 8).replaceFirst("^[^:]*: ", "");
    }

    /** Headers whose shape, type or order disagree with the entry; each message as the reader gives it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2^40 elements   | {'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776,), } | 16 | shape [1099511627776] of <f4 needs 4398046511104 bytes of data, but the entry holds 16
            overflowing     | {'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), } | 8 | shape [4611686018427387904,4] of <f8 needs more than 2^63 bytes of data, but the entry holds 8
            short data      | {'descr': '<f8', 'fortran_order': False, 'shape': (5,), } | 32 | shape [5] of <f8 needs 40 bytes of data, but the entry holds 32
            long data       | {'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), } | 20 | shape [2,2] of <i4 needs 16 bytes of data, but the entry holds 20
            half floats     | {'descr': '<f2', 'fortran_order': False, 'shape': (4,), } | 8 | dtype '<f2' is not supported; expected '<f4' (FLOAT), '<f8' (DOUBLE), '<i4' (INT) or '<i8' (LONG)
            big-endian      | {'descr': '>f4', 'fortran_order': False, 'shape': (4,), } | 16 | dtype '>f4' is not supported; expected '<f4' (FLOAT), '<f8' (DOUBLE), '<i4' (INT) or '<i8' (LONG)
            Fortran order   | {'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), } | 16 | fortran_order is True; expected False (C order): save numpy.ascontiguousarray(a) instead
            missing key     | {'descr': '<f4', 'shape': (2,), } | 8 | header must have the keys descr, fortran_order and shape, but has [descr, shape]
            negative dim    | {'descr': '<f4', 'fortran_order': False, 'shape': (-2,), } | 8 | header is not a valid dict: expected a dimension from 0 to 9223372036854775807 at character 51, but found '-2,), }' in {'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }
            unclosed tuple  | {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3} | 24 | header is not a valid dict: expected ',' or ')' at character 55, but found '}' in {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3}
            not a dict      | print('hello') | 0 | header is not a valid dict: expected '{' at character 0, but found 'print('hello')' in print('hello')
            """)
    void headersThatDisagreeWithTheEntry(String label, String dict, int dataBytes, String message) throws IOException {
        Path file = zip("bad.npz", Map.of("stem.weight.npy", npy(dict, dataBytes)));
        assertEquals(message, detail(fails(file, "stem.weight")));
    }

    @Test
    void aDictLongerThanTheEntry() throws IOException {
        byte[] entry = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8);
        entry[8] = (byte) 0xff;
        entry[9] = (byte) 0x7f; // claims 32767 bytes of dict in an entry of 136
        NpzFormatException e = fails(zip("long.npz", Map.of("w.npy", entry)), "w");
        assertEquals("header claims a dict of 32767 bytes, but at most 126 can follow in the entry", detail(e));
    }

    @Test
    void anEntryThatIsNotAnArray() throws IOException {
        NpzFormatException e = fails(zip("magic.npz", Map.of("w.npy", "hello, world".getBytes(StandardCharsets.US_ASCII))), "w");
        assertEquals("not a .npy array: expected the magic \\x93NUMPY, but the entry starts with 68656c6c6f2c2077", detail(e));
        e = fails(zip("empty-entry.npz", Map.of("w.npy", new byte[0])), "w");
        assertEquals("not a .npy array: expected the magic \\x93NUMPY, but the entry starts empty", detail(e));
        byte[] v9 = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4);
        v9[6] = 9;
        e = fails(zip("v9.npz", Map.of("w.npy", v9)), "w");
        assertEquals(".npy version 9.0 is not supported; expected 1.0, 2.0 or 3.0", detail(e));
        e = fails(zip("notes.npz", Map.of("notes.txt", new byte[3])), null);
        assertTrue(e.getMessage().endsWith("entry 'notes.txt' is not a .npy array; expected <name>.npy"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAZipOrIsTruncated() throws IOException {
        Path text = Files.writeString(dir.resolve("text.npz"), "not a zip archive at all");
        assertTrue(fails(text, null).getMessage().contains(": not a zip archive, or a truncated one ("));
        Path empty = Files.write(dir.resolve("empty.npz"), new byte[0]);
        assertTrue(fails(empty, null).getMessage().contains(": not a zip archive, or a truncated one ("));
        Path good = dir.resolve("good.npz");
        Npz.write(good, Map.of("w", Nd4j.rand(DataType.FLOAT, 64, 64)));
        byte[] all = Files.readAllBytes(good);
        for (int keep : new int[] {all.length / 2, all.length - 1, 30}) {
            Path cut = Files.write(dir.resolve("cut" + keep + ".npz"), Arrays.copyOf(all, keep));
            assertTrue(fails(cut, null).getMessage().contains(": not a zip archive, or a truncated one ("), "cut at " + keep);
        }
    }

    /** One flipped bit in the data: the stored CRC catches it. */
    @Test
    void corruptDataFailsTheCrc() throws IOException {
        Path file = dir.resolve("flip.npz");
        Npz.write(file, Map.of("fc.weight", Nd4j.zeros(DataType.FLOAT, 32)));
        byte[] all = Files.readAllBytes(file);
        byte[] header = NpyHeader.encode(DataType.FLOAT, new long[] {32});
        int data = indexOf(all, header) + header.length;
        all[data + 5] ^= 1;
        NpzFormatException e = fails(Files.write(file, all), "fc.weight");
        assertEquals("data does not match the CRC the zip directory gives: the file is corrupt", detail(e));
    }

    /** Zip checksums no names: a letter changed in the directory's copy of a name is caught against the local header. */
    @Test
    void aNameCorruptedInTheZipDirectoryIsCaught() throws IOException {
        Path file = dir.resolve("renamed.npz");
        Npz.write(file, Map.of("fc.weight", Nd4j.zeros(DataType.FLOAT, 4)));
        byte[] all = Files.readAllBytes(file);
        int central = indexOf(all, new byte[] {0x50, 0x4b, 0x01, 0x02});
        all[central + 46 + 3] = 'W'; // "fc.weight.npy" → "fc.Weight.npy" in the directory only
        NpzFormatException e = fails(Files.write(file, all), null);
        assertEquals(file + ": the zip directory names entry 1 'fc.Weight.npy', but its local header names it 'fc.weight.npy';"
                + " one of the two is corrupt", e.getMessage());
    }

    /** An end record whose comment length runs past the file: java.util.zip throws EOFException, Npz its own. */
    @Test
    void anEndRecordPointingPastTheFileIsNotAZipArchive() throws IOException {
        Path file = dir.resolve("comment.npz");
        Npz.write(file, Map.of("fc.weight", Nd4j.zeros(DataType.FLOAT, 4)));
        byte[] all = Files.readAllBytes(file);
        all[all.length - 2] ^= 8; // the end record's comment length: 0 → 8, past the end
        NpzFormatException e = fails(Files.write(file, all), null);
        assertTrue(e.getMessage().startsWith(file + ": not a zip archive, or a truncated one ("), e.getMessage());
    }

    /** The central directory lies about an entry's size: caught before any allocation. */
    @Test
    void aZipDirectoryThatClaimsMoreThanTheFileHolds() throws IOException {
        Path file = zip("liar.npz", Map.of("w.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 16)));
        byte[] all = Files.readAllBytes(file);
        int central = indexOf(all, new byte[] {0x50, 0x4b, 0x01, 0x02});
        for (int field : new int[] {20, 24}) { // compressed and uncompressed size
            all[central + field] = (byte) 0xff;
            all[central + field + 1] = (byte) 0xff;
            all[central + field + 2] = (byte) 0xff;
            all[central + field + 3] = (byte) 0x7f;
        }
        NpzFormatException e = fails(Files.write(file, all), "w");
        assertEquals("the zip directory gives it 2147483647 stored bytes, but the file has " + all.length, detail(e));
    }

    @Test
    void aNameTwice() throws IOException {
        byte[] entry = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("w.npy"));
            zip.write(entry);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(entry);
            zip.closeEntry();
        }
        byte[] all = bytes.toByteArray();
        for (int at = indexOf(all, "x.npy".getBytes(StandardCharsets.US_ASCII)); at >= 0;
             at = indexOf(all, "x.npy".getBytes(StandardCharsets.US_ASCII))) {
            all[at] = 'w'; // both entries now called w.npy, in the local and the central headers
        }
        NpzFormatException e = fails(Files.write(dir.resolve("twice.npz"), all), "w");
        assertEquals("appears twice in the archive", detail(e));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
