package dev.kiln.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX and CIFAR-10 files for the reader tests, plain or gzipped. */
final class TestFiles {
    private TestFiles() {}

    /** An IDX images file: magic, count, rows, cols (as given, unchecked), then {@code pixels}. */
    static byte[] idxImages(int magic, long count, long rows, long cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length).putInt(magic).putInt((int) count).putInt((int) rows)
                .putInt((int) cols).put(pixels).array();
    }

    /** An IDX labels file: magic, count, then one byte per label. */
    static byte[] idxLabels(int magic, long count, int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length).putInt(magic).putInt((int) count);
        for (int label : labels) {
            b.put((byte) label);
        }
        return b.array();
    }

    /** {@code n} images of {@code rows×cols} whose pixel k of image i is (31·i + k) mod 256. */
    static byte[] pattern(int n, int rows, int cols) {
        byte[] p = new byte[n * rows * cols];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rows * cols; k++) {
                p[i * rows * cols + k] = (byte) (31 * i + k);
            }
        }
        return p;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] data) {
        try {
            return Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code data}, gzipped when {@code gz} (then the name gets no .gz: detection must not rely on it). */
    static Path write(Path file, byte[] data, boolean gz) {
        return write(file, gz ? gzip(data) : data);
    }

    /** CIFAR-10 records: label i, then 3072 pixels (i + k) mod 256. */
    static byte[] cifarRecords(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(labels.length * Cifar10Reader.RECORD);
        for (int i = 0; i < labels.length; i++) {
            b.put((byte) labels[i]);
            for (int k = 0; k < Cifar10Reader.IMAGE; k++) {
                b.put((byte) (labels[i] * 7 + i + k));
            }
        }
        return b.array();
    }
}
