package dev.kiln.runtime.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Named arrays in NumPy's {@code .npz} format, as {@code numpy.savez} writes it: a zip archive
 * of uncompressed {@code <name>.npy} entries (see {@link NpyHeader}), so that
 * {@code numpy.load("ckpt.npz")["stem.weight"]} reads what Kiln wrote. FLOAT, DOUBLE, INT and
 * LONG arrays of any rank, scalars and empty arrays included; data up to 2 GiB an array.
 *
 * <p>{@link #write} replaces the file atomically ({@link AtomicFile}): a failure at any point
 * leaves the previous file as it was. {@link #read} trusts nothing in the file: every header
 * is checked against its entry's size before anything is allocated, and every entry's name in
 * the central directory against its local header (zip checksums data, not names), so a corrupt
 * or hostile file is a {@link NpzFormatException}, never an out-of-memory error, a hang or an
 * array under a wrong name. Entries written compressed ({@code numpy.savez_compressed}) are read
 * too.
 */
public final class Npz {
    /** Deflate cannot expand data more than about 1032-fold; a larger claim is a lie. */
    private static final long MAX_INFLATION = 1032;
    /** Entries carry no time, so equal arrays make equal files. */
    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {}

    /**
     * Writes {@code arrays}, in their map's order, to {@code file}, replacing it atomically.
     * Names must be non-empty; arrays of another type or over 2 GiB are rejected before the
     * disk is touched ({@link IllegalArgumentException}).
     */
    public static void write(Path file, Map<String, INDArray> arrays) throws IOException {
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            String name = e.getKey();
            INDArray a = e.getValue();
            if (name == null || name.isEmpty() || a == null) {
                throw new IllegalArgumentException("Npz.write: every array needs a non-empty name, but got "
                        + (a == null ? "no array for " : "an array named ") + "'" + name + "'");
            }
            if (NpyHeader.descr(a.dataType()) == null) {
                throw new IllegalArgumentException("Npz.write: " + name + " is " + a.dataType()
                        + "; expected FLOAT, DOUBLE, INT or LONG");
            }
            if (a.length() > ArrayBytes.MAX_BYTES / a.dataType().width()) {
                throw new IllegalArgumentException("Npz.write: " + name + " has " + a.length()
                        + " elements, over the 2 GiB an array can hold in a .npz entry here");
            }
        }
        AtomicFile.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    writeEntry(zip, e.getKey(), e.getValue());
                }
            }
        });
    }

    private static void writeEntry(ZipOutputStream zip, String name, INDArray array) throws IOException {
        INDArray a = ArrayBytes.isPlain(array) ? array : array.dup('c');
        byte[] header = NpyHeader.encode(a.dataType(), a.shape());
        CRC32 crc = new CRC32();
        crc.update(header);
        ArrayBytes.write(a, (bytes, n) -> crc.update(bytes, 0, n));
        long size = header.length + a.length() * a.dataType().width();
        ZipEntry entry = new ZipEntry(name + ".npy");
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc.getValue());
        entry.setTimeLocal(ZIP_TIME);
        zip.putNextEntry(entry);
        zip.write(header);
        ArrayBytes.write(a, (bytes, n) -> zip.write(bytes, 0, n));
        zip.closeEntry(); // checks the size and CRC against what was written
    }

    /** Every array of {@code file}, by name, in the archive's order; each a new C-order array of the type written. */
    public static LinkedHashMap<String, INDArray> read(Path file) throws IOException {
        long fileBytes = Files.size(file);
        Where whole = new Where(file, "");
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw whole.error("not a zip archive, or a truncated one (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw whole.error("not a zip archive, or a truncated one (its end record points past the end of the file)", e);
        }
        LinkedHashMap<String, INDArray> arrays = new LinkedHashMap<>();
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".npy") || name.length() == 4) {
                    throw whole.error("entry '" + name + "' is not a .npy array; expected <name>.npy");
                }
                Where at = new Where(file, name.substring(0, name.length() - 4));
                if (arrays.containsKey(at.entry())) {
                    throw at.error("appears twice in the archive");
                }
                arrays.put(at.entry(), readEntry(zip, entry, fileBytes, at));
            }
            // After the entries, so that a corrupt entry is reported by its name and CRC first.
            LocalNames.check(file, zip, whole);
        }
        return arrays;
    }

    private static INDArray readEntry(ZipFile zip, ZipEntry entry, long fileBytes, Where at) throws IOException {
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (size < 0 || compressed < 0 || compressed > fileBytes) {
            throw at.error("the zip directory gives it " + compressed + " stored bytes, but the file has " + fileBytes);
        }
        if (entry.getMethod() == ZipEntry.STORED ? size != compressed : size > compressed * MAX_INFLATION + 64) {
            throw at.error("the zip directory claims " + size + " bytes from " + compressed
                    + " stored, more than " + (entry.getMethod() == ZipEntry.STORED ? "storing" : "deflate") + " can give");
        }
        try (InputStream raw = zip.getInputStream(entry)) {
            CheckedInputStream in = new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), new CRC32());
            NpyHeader header = NpyHeader.read(in, size, at);
            long elements = NpyHeader.elements(header.shape);
            int width = header.type.width();
            long data = size - header.length;
            if (elements < 0 || elements > Long.MAX_VALUE / width || elements * width != data) {
                throw at.error("shape " + Shapes.text(header.shape) + " of " + NpyHeader.descr(header.type) + " needs "
                        + (elements < 0 || elements > Long.MAX_VALUE / width ? "more than 2^63" : elements * width)
                        + " bytes of data, but the entry holds " + data);
            }
            if (data > ArrayBytes.MAX_BYTES) {
                throw at.error("holds " + data + " bytes of data; arrays of up to 2 GiB are read");
            }
            INDArray a = Nd4j.create(header.type, header.shape);
            ArrayBytes.read(in, a, at);
            if (in.read() != -1) {
                throw at.error("holds more bytes than its shape " + Shapes.text(header.shape) + " needs");
            }
            if (entry.getCrc() != -1 && in.getChecksum().getValue() != entry.getCrc()) {
                throw at.error("data does not match the CRC the zip directory gives: the file is corrupt");
            }
            return a;
        } catch (ZipException | EOFException e) {
            throw at.error("corrupt zip data (" + e.getMessage() + ")", e);
        }
    }
}
