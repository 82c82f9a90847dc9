package dev.kiln.runtime.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads an MNIST-style IDX pair (MNIST, Fashion-MNIST): an images file
 * ({@code *-images-idx3-ubyte}, magic {@code 0x00000803}, then count, rows, columns, then the
 * pixels) and a labels file ({@code *-labels-idx1-ubyte}, magic {@code 0x00000801}, then count,
 * then one byte per label), each plain or gzip-compressed.
 *
 * <p>Everything is checked, and checked before the pixel array is allocated where it can be:
 * magic numbers, header sizes against the file's length (and against Java's array limit),
 * truncation, trailing bytes, equal counts, labels in [0, 10). A bad file is a
 * {@link DataFormatException} naming the file, what was expected and what came; never a silent
 * wrong read.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    static final int CLASSES = 10;
    /** No IDX image data set has images past 4096×4096; a header claiming more is corrupt. */
    static final long MAX_PIXELS_PER_IMAGE = 4096L * 4096L;
    /** Java arrays hold at most about 2^31 − 1 bytes. */
    static final long MAX_TOTAL_PIXELS = Integer.MAX_VALUE - 8;
    private static final int IMAGES_HEADER = 16;
    private static final int LABELS_HEADER = 8;

    private IdxReader() {}

    /** The data set {@code name} from an images file and its labels file, one channel, 10 classes. */
    public static Dataset read(Path images, Path labels, String name) throws IOException {
        int[] labelValues = readLabels(labels);
        try (DataFile in = DataFile.open(images)) {
            expectMagic(in, IMAGES_MAGIC, "an IDX images file", LABELS_MAGIC, "a labels file; are the images and labels files swapped?");
            long count = in.readUnsignedInt("the image count in the header");
            long rows = in.readUnsignedInt("the row count in the header");
            long cols = in.readUnsignedInt("the column count in the header");
            if (rows < 1 || cols < 1 || rows * cols > MAX_PIXELS_PER_IMAGE) {
                throw new DataFormatException(images, "the header claims images of " + rows + "×" + cols
                        + " pixels; expected 1 to " + MAX_PIXELS_PER_IMAGE + " pixels per image (4096×4096)");
            }
            long total = count * rows * cols;
            String what = count + " images of " + rows + "×" + cols;
            requirePlausible(in, IMAGES_HEADER, total, what);
            if (count != labelValues.length) {
                throw new DataFormatException(images, "holds " + count + " images, but its labels file " + labels
                        + " holds " + labelValues.length + " labels; they must hold one label per image");
            }
            byte[] pixels = in.readFully((int) total, "the pixels of " + what);
            in.requireEnd("the pixels of " + what);
            return Dataset.wrap(name, pixels, labelValues, 1, (int) rows, (int) cols, CLASSES);
        }
    }

    private static int[] readLabels(Path labels) throws IOException {
        try (DataFile in = DataFile.open(labels)) {
            expectMagic(in, LABELS_MAGIC, "an IDX labels file", IMAGES_MAGIC, "an images file; are the images and labels files swapped?");
            long count = in.readUnsignedInt("the label count in the header");
            requirePlausible(in, LABELS_HEADER, count, count + " labels");
            byte[] bytes = in.readFully((int) count, count + " labels");
            in.requireEnd(count + " labels");
            int[] out = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                out[i] = bytes[i] & 0xFF;
                if (out[i] >= CLASSES) {
                    throw new DataFormatException(labels, "label " + i + " (byte " + (LABELS_HEADER + i) + ") is " + out[i]
                            + ", but labels must be class indices in [0, " + CLASSES + ")");
                }
            }
            return out;
        }
    }

    private static void expectMagic(DataFile in, int magic, String kind, int other, String otherHint) throws IOException {
        long got = in.readUnsignedInt("the magic number");
        if (got != magic) {
            String hint = got == other ? " (that is the magic number of " + otherHint + ")" : "";
            throw new DataFormatException(in.path(), "expected " + kind + " (magic number " + hex(magic)
                    + "), but the " + (in.gzip() ? "decompressed data starts" : "file starts") + " with " + hex(got) + hint);
        }
    }

    /**
     * Before allocating: {@code bytes} of content must fit a Java array and the file. A plain file
     * must be exactly header + content long; a gzip file can only be bounded (1032:1).
     */
    private static void requirePlausible(DataFile in, int header, long bytes, String what) throws IOException {
        if (bytes > MAX_TOTAL_PIXELS) {
            throw new DataFormatException(in.path(), "the header claims " + what + " (" + size(bytes)
                    + "), more than one Java array holds (2 GiB); the header is corrupt or this is not an IDX file");
        }
        long need = header + bytes;
        if (!in.gzip() && in.fileLength() < need) {
            throw new DataFormatException(in.path(), "truncated: the header promises " + what + ", " + need
                    + " bytes in all, but the file has " + in.fileLength() + " bytes");
        }
        if (!in.gzip() && in.fileLength() > need) {
            throw new DataFormatException(in.path(), "the header promises " + what + ", " + need + " bytes in all, but the file has "
                    + in.fileLength() + " bytes; " + (in.fileLength() - need) + " bytes would be left unread");
        }
        if (in.gzip() && need > in.maxContentLength()) {
            throw new DataFormatException(in.path(), "the header claims " + what + " (" + size(bytes) + "), but a gzip file of "
                    + in.fileLength() + " bytes holds at most " + size(in.maxContentLength())
                    + " (deflate compresses 1032:1 at best); the header is corrupt or the file truncated");
        }
    }

    static String hex(long v) {
        return String.format(Locale.ROOT, "0x%08X", v);
    }

    static String size(long bytes) {
        if (bytes < 1 << 20) {
            return bytes + " bytes";
        }
        return String.format(Locale.ROOT, bytes < 1L << 30 ? "%.1f MiB" : "%.1f GiB",
                bytes / (double) (bytes < 1L << 30 ? 1 << 20 : 1L << 30));
    }
}
