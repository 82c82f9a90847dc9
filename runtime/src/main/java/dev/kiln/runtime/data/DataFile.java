package dev.kiln.runtime.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One data file opened for reading, plain or gzip-compressed (told apart by the gzip magic bytes
 * {@code 1f 8b}, not by the name), with reads that turn every way a file can end early or be
 * corrupt into a {@link DataFormatException} naming the file and what was being read.
 */
final class DataFile implements Closeable {
    /**
     * Deflate cannot expand data by more than 1032:1 (zlib's FAQ: "the limit on the compression
     * ratio is 1032:1"), so a gzip file of L bytes holds at most about 1032·L bytes.
     */
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final int BUFFER = 1 << 16;
    /** The first array for gzip content: doubled as data arrives, up to what the header claims. */
    private static final int GROWTH_START = 1 << 20;

    private final Path path;
    private final long fileLength;
    private final boolean gzip;
    private final InputStream in;
    private long position;

    private DataFile(Path path, long fileLength, boolean gzip, InputStream in) {
        this.path = path;
        this.fileLength = fileLength;
        this.gzip = gzip;
        this.in = in;
    }

    static DataFile open(Path path) throws IOException {
        long length = Files.size(path);
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), BUFFER);
        try {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            return new DataFile(path, length, gzip, gzip ? new GZIPInputStream(raw, BUFFER) : raw);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new DataFormatException(path, "starts like a gzip file (bytes 1f 8b) but its gzip header is corrupt ("
                    + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    boolean gzip() {
        return gzip;
    }

    /** The length of the file on disk (compressed, for a gzip file). */
    long fileLength() {
        return fileLength;
    }

    /** The most content bytes this file could hold: its length, or 1032 × that when gzip-compressed. */
    long maxContentLength() {
        return gzip ? fileLength * MAX_DEFLATE_RATIO : fileLength;
    }

    /** A big-endian 32-bit value, as unsigned. */
    long readUnsignedInt(String what) throws IOException {
        byte[] b = readFully(4, what);
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    }

    /**
     * Exactly {@code n} bytes of {@code what}, or a {@link DataFormatException} saying how many
     * came. A plain file's length has been checked against {@code n}, so the array is allocated at
     * once; a gzip file can only be bounded (deflate expands at most 1032-fold), so its array grows
     * as the data arrives, and a header that claims more than the file holds allocates no more
     * than about twice what there is.
     */
    byte[] readFully(int n, String what) throws IOException {
        byte[] out = new byte[gzip ? Math.min(n, GROWTH_START) : n];
        int got = 0;
        while (got < n) {
            if (got == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
            }
            int now = read(out, got, out.length - got, what);
            got += now;
            if (now == 0) {
                throw truncated(n, got, what);
            }
        }
        return out;
    }

    /** Exactly {@code n} bytes of {@code what} into {@code out[offset …]}. */
    void readFully(byte[] out, int offset, int n, String what) throws IOException {
        int got = read(out, offset, n, what);
        if (got < n) {
            throw truncated(n, got, what);
        }
    }

    /** Up to {@code n} bytes, fewer only at the end of the data. */
    private int read(byte[] out, int offset, int n, String what) throws IOException {
        int got;
        try {
            got = in.readNBytes(out, offset, n);
        } catch (EOFException e) {
            throw new DataFormatException(path, "the gzip data is truncated: it ends inside " + what
                    + " (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw corrupt(what, e);
        }
        position += got;
        return got;
    }

    private DataFormatException truncated(int n, int got, String what) {
        return new DataFormatException(path, "truncated: expected " + n + " bytes of " + what + " but the "
                + (gzip ? "decompressed data" : "file") + " ends after " + got + " of them (at byte " + position + ")");
    }

    /** Throws if anything follows the {@code what} that should have ended the file. */
    void requireEnd(String what) throws IOException {
        int next;
        try {
            next = in.read();
        } catch (EOFException e) {
            throw new DataFormatException(path, "the gzip data is truncated after " + what + " (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw corrupt("the end of the file", e);
        }
        if (next != -1) {
            throw new DataFormatException(path, "expected the " + (gzip ? "decompressed data" : "file") + " to end after "
                    + what + " (byte " + position + "), but there is more; is the header's count wrong?");
        }
    }

    private DataFormatException corrupt(String what, ZipException e) {
        return new DataFormatException(path, "corrupt gzip data while reading " + what + " (" + e.getMessage() + ")", e);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
