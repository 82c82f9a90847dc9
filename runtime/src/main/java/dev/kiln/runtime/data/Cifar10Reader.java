package dev.kiln.runtime.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the CIFAR-10 binary version ({@code data_batch_1.bin} … {@code data_batch_5.bin},
 * {@code test_batch.bin}): records of one label byte and 3072 pixel bytes, the 1024 red values
 * of a 32×32 image row-major, then the green, then the blue, which is exactly one example of an
 * NCHW array.
 *
 * <p>Checked before anything is allocated: every file's length is a whole number of 3073-byte
 * records, and the total fits one Java array. While reading: every label is in [0, 10).
 * The files are read plain; a gzip-compressed one is refused with a hint to decompress it.
 */
public final class Cifar10Reader {
    static final int CHANNELS = 3;
    static final int SIDE = 32;
    static final int IMAGE = CHANNELS * SIDE * SIDE;
    static final int RECORD = 1 + IMAGE;
    static final int CLASSES = 10;
    private static final int RECORDS_PER_READ = 1024;

    private Cifar10Reader() {}

    /** The data set {@code name}: the records of {@code files}, in order, as 3×32×32 images. */
    public static Dataset read(List<Path> files, String name) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException(name + ": no CIFAR-10 files given; expected data_batch_1.bin … data_batch_5.bin"
                    + " or test_batch.bin");
        }
        int[] counts = new int[files.size()];
        long records = 0;
        for (int f = 0; f < counts.length; f++) {
            counts[f] = recordCount(files.get(f));
            records += counts[f];
        }
        if (records * IMAGE > IdxReader.MAX_TOTAL_PIXELS) {
            int largest = 0;
            StringBuilder each = new StringBuilder();
            for (int f = 0; f < counts.length; f++) {
                largest = counts[f] > counts[largest] ? f : largest;
                each.append(f == 0 ? "" : ", ").append(files.get(f).getFileName()).append(' ').append(counts[f]);
            }
            throw new DataFormatException(files.get(largest), (counts.length == 1 ? "holds " : "is one of " + counts.length
                    + " files holding ") + records + " records" + (counts.length == 1 ? "" : " (" + each + ")")
                    + ", more pixels than one Java array holds (2 GiB); "
                    + (counts[largest] * (long) IMAGE > IdxReader.MAX_TOTAL_PIXELS
                            ? "no CIFAR-10 file is that long, so it is corrupt or not a CIFAR-10 file" : "read fewer files at once"));
        }
        byte[] pixels = new byte[(int) (records * IMAGE)];
        int[] labels = new int[(int) records];
        int example = 0;
        byte[] chunk = new byte[RECORD * RECORDS_PER_READ];
        for (int f = 0; f < counts.length; f++) {
            Path file = files.get(f);
            int n = counts[f];
            try (DataFile in = DataFile.open(file)) {
                for (int done = 0; done < n; ) {
                    int now = Math.min(RECORDS_PER_READ, n - done);
                    in.readFully(chunk, 0, now * RECORD, "records " + done + ".." + (done + now - 1));
                    for (int r = 0; r < now; r++, example++) {
                        int label = chunk[r * RECORD] & 0xFF;
                        if (label >= CLASSES) {
                            long at = (long) (done + r) * RECORD;
                            throw new DataFormatException(file, "the label of record " + (done + r) + " (byte " + at + ") is "
                                    + label + ", but labels must be class indices in [0, " + CLASSES + ")");
                        }
                        labels[example] = label;
                        System.arraycopy(chunk, r * RECORD + 1, pixels, example * IMAGE, IMAGE);
                    }
                    done += now;
                }
                in.requireEnd(n + " records");
            }
        }
        return Dataset.wrap(name, pixels, labels, CHANNELS, SIDE, SIDE, CLASSES);
    }

    /** The number of records in {@code file}, after checking it is plain and holds whole records. */
    private static int recordCount(Path file) throws IOException {
        long length;
        try (DataFile in = DataFile.open(file)) {
            if (in.gzip()) {
                throw new DataFormatException(file, "is gzip-compressed; expected the plain CIFAR-10 binary file"
                        + " (gunzip it, or take the .bin files out of cifar-10-binary.tar.gz)");
            }
            length = in.fileLength();
        }
        if (length == 0 || length % RECORD != 0) {
            throw new DataFormatException(file, "has " + length + " bytes, but a CIFAR-10 binary file holds whole records of "
                    + RECORD + " bytes (1 label + 3×32×32 pixels); " + (length == 0 ? "it is empty"
                    : length / RECORD + " records and " + length % RECORD + " bytes left over")
                    + (length % 3074 == 0 && length > 0 ? "; 3074-byte records would be CIFAR-100" : ""));
        }
        if (length / RECORD > Integer.MAX_VALUE) {
            throw new DataFormatException(file, "has " + length + " bytes, more records than one data set holds");
        }
        return (int) (length / RECORD);
    }
}
