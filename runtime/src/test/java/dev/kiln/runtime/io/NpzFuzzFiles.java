package dev.kiln.runtime.io;

import dev.kiln.runtime.testing.FileMutations;
import dev.kiln.runtime.testing.SameArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code .npz} side of the file fuzzers: re-packing a file's entries compressed (as
 * {@code numpy.savez_compressed} does), the lies a header can tell, and exact comparison of what
 * was read with what was written.
 */
final class NpzFuzzFiles {
    /** Shapes whose element counts are 2^40, 2^31 with 8-byte elements, past a long, and 0 with a side of 2^63 − 1. */
    private static final List<String> SHAPES = List.of("(1048576, 1048576)", "(2147483648,)", "(4294967296, 4294967296)",
            "(0, 9223372036854775807)", "(9223372036854775807, 0)", "(65536, 65536, 65536)");
    private static final int CEN = 0x02014b50;

    private NpzFuzzFiles() {}

    /** An archive of {@code entries} (name → bytes), deflated. */
    static byte[] deflated(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An archive of stored entries with correct sizes and CRCs. */
    static byte[] stored(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A lie: an archive whose first entry's header claims a shape of 2^40 elements or more with a
     * correct CRC, so that only the shape check stands in the way; or whose central directory
     * claims the first entry is up to 4 GiB long.
     */
    static FileMutations.Mutant lie(byte[] valid, SplittableRandom r) {
        if (r.nextBoolean()) {
            String shape = SHAPES.get(r.nextInt(SHAPES.size()));
            byte[] npy = NpzCorruptTest.npy("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }", 24);
            return new FileMutations.Mutant("oversized-header", "an entry's header claims shape " + shape,
                    stored(Map.of("a.npy", npy)));
        }
        byte[] b = valid.clone();
        long size = List.of(0x7FFFFFFFL, 0xFFFFFFFEL, 1L << 31, 1L << 30).get(r.nextInt(4));
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = b.length - 22; at >= 0; at--) {
            if (le.getInt(at) == CEN) {
                boolean both = r.nextBoolean();
                le.putInt(at + 24, (int) size);
                if (both) {
                    le.putInt(at + 20, (int) size);
                }
                return new FileMutations.Mutant("oversized-header", "the central directory gives the last entry "
                        + size + " bytes" + (both ? ", stored and uncompressed" : " uncompressed"), b);
            }
        }
        throw new IllegalStateException("no central directory entry in a valid archive");
    }

    /** Whether {@code read} holds exactly the arrays of {@code written}, by name and in order. */
    static boolean same(Map<String, INDArray> written, Map<String, INDArray> read) {
        if (!List.copyOf(written.keySet()).equals(List.copyOf(read.keySet()))) {
            return false;
        }
        Iterator<INDArray> r = read.values().iterator();
        return written.values().stream().allMatch(w -> SameArray.identical(w, r.next()));
    }
}
