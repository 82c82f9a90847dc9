package dev.kiln.runtime.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * An independent reading of an IDX pair by the rules {@link IdxReader} documents, written as
 * plainly as possible, to tell the file fuzzer what a pair of byte arrays holds, if anything.
 */
final class IdxReference {
    /** What a valid pair holds. */
    record Pair(int rows, int cols, byte[] pixels, int[] labels) {
        boolean matches(Dataset d) {
            if (d.size() != labels.length || d.height() != rows || d.width() != cols || d.channels() != 1
                    || !Arrays.equals(d.labels(), labels)) {
                return false;
            }
            int n = rows * cols;
            for (int i = 0; i < labels.length; i++) {
                if (!Arrays.equals(d.image(i), Arrays.copyOfRange(pixels, i * n, i * n + n))) {
                    return false;
                }
            }
            return true;
        }
    }

    private IdxReference() {}

    /** The pair the files' bytes hold, or empty when any rule is broken. */
    static Optional<Pair> read(byte[] imagesFile, byte[] labelsFile) {
        Optional<byte[]> images = content(imagesFile);
        Optional<byte[]> labels = content(labelsFile);
        if (images.isEmpty() || labels.isEmpty() || images.get().length < 16 || labels.get().length < 8) {
            return Optional.empty();
        }
        ByteBuffer im = ByteBuffer.wrap(images.get());
        ByteBuffer lb = ByteBuffer.wrap(labels.get());
        if (im.getInt() != IdxReader.IMAGES_MAGIC || lb.getInt() != IdxReader.LABELS_MAGIC) {
            return Optional.empty();
        }
        long count = im.getInt() & 0xFFFFFFFFL;
        long rows = im.getInt() & 0xFFFFFFFFL;
        long cols = im.getInt() & 0xFFFFFFFFL;
        long labelCount = lb.getInt() & 0xFFFFFFFFL;
        if (rows < 1 || cols < 1 || rows * cols > IdxReader.MAX_PIXELS_PER_IMAGE || count != labelCount
                || images.get().length != 16 + count * rows * cols || labels.get().length != 8 + labelCount) {
            return Optional.empty();
        }
        int[] values = new int[(int) labelCount];
        for (int i = 0; i < values.length; i++) {
            values[i] = labels.get()[8 + i] & 0xFF;
            if (values[i] >= IdxReader.CLASSES) {
                return Optional.empty();
            }
        }
        return Optional.of(new Pair((int) rows, (int) cols, Arrays.copyOfRange(images.get(), 16, images.get().length), values));
    }

    /** The bytes as they are, or decompressed when they start like gzip; empty when decompression fails. */
    private static Optional<byte[]> content(byte[] file) {
        if (file.length < 2 || (file[0] & 0xFF) != 0x1f || (file[1] & 0xFF) != 0x8b) {
            return Optional.of(file);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
