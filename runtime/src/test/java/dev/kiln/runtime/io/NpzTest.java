package dev.kiln.runtime.io;

import static dev.kiln.runtime.testing.SameArray.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class NpzTest {
    private static final DataType[] TYPES = {DataType.FLOAT, DataType.DOUBLE, DataType.INT32, DataType.INT64};
    private static final long[][] SHAPES = {{}, {1}, {7}, {2, 3}, {2, 1, 3}, {2, 3, 1, 2}, {1, 1, 1, 1, 2}, {0}, {2, 0, 3}};

    @TempDir
    Path dir;

    /** Random bits, so every float pattern (NaN payloads, −0, subnormals, infinities) must survive. */
    static INDArray random(DataType type, long seed, long... shape) {
        INDArray a = Nd4j.create(type, shape);
        if (a.isEmpty()) {
            return a;
        }
        SplittableRandom r = new SplittableRandom(seed);
        java.nio.ByteBuffer b = a.data().asNio();
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) r.nextInt());
        }
        return a;
    }

    @Test
    void everyTypeAndRankRoundTripsBitForBitInOrder() throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        int seed = 0;
        for (DataType type : TYPES) {
            for (long[] shape : SHAPES) {
                arrays.put(type + "/rank" + shape.length + "." + seed, random(type, seed++, shape));
            }
        }
        Path file = dir.resolve("all.npz");
        Npz.write(file, arrays);
        Map<String, INDArray> back = Npz.read(file);
        assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
        arrays.forEach((name, a) -> assertIdentical(a, back.get(name), name));
        assertEquals(0, back.get("FLOAT/rank0.0").rank(), "a scalar stays 0-d");
        assertEquals(1, back.get("FLOAT/rank1.1").rank(), "a one-element vector stays 1-d");
    }

    @Test
    void viewsAndFortranOrderArraysAreWrittenInCOrder() throws IOException {
        INDArray base = Nd4j.arange(24).castTo(DataType.DOUBLE).reshape(2, 3, 4);
        INDArray view = base.get(NDArrayIndex.point(1), NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        INDArray transposed = base.get(NDArrayIndex.point(0)).transpose();
        INDArray fortran = base.dup('f');
        Path file = dir.resolve("views.npz");
        Npz.write(file, Map.of("view", view, "transposed", transposed, "fortran", fortran));
        Map<String, INDArray> back = Npz.read(file);
        assertArrayEquals(new double[] {16, 17, 18, 19, 20, 21, 22, 23}, back.get("view").reshape(8).toDoubleVector());
        assertArrayEquals(new long[] {4, 3}, back.get("transposed").shape());
        assertArrayEquals(new double[] {0, 4, 8}, back.get("transposed").getRow(0).toDoubleVector());
        assertIdentical(base, back.get("fortran"), "fortran");
        assertEquals('c', back.get("fortran").ordering());
    }

    /**
     * NumPy 2.4 wrote {@code numpy-savez.npz} ({@code numpy.savez}) and its compressed twin;
     * Kiln reads both, and writes each entry byte for byte as NumPy did: same header, padding
     * and data.
     */
    @Test
    void readsWhatNumpyWroteAndWritesTheSameBytes() throws Exception {
        Map<String, INDArray> expected = new LinkedHashMap<>();
        expected.put("f32", Nd4j.createFromArray(new float[][] {{1.5f, -2f, 3.25f}, {0f, -0f, 1e-30f}}));
        expected.put("f64", Nd4j.scalar(3.141592653589793));
        expected.put("i32", Nd4j.createFromArray(1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE));
        expected.put("i64", Nd4j.createFromArray(1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE).reshape(2, 1, 2));
        expected.put("empty", Nd4j.create(DataType.FLOAT, 2, 0));
        for (String resource : new String[] {"numpy-savez.npz", "numpy-savez-compressed.npz"}) {
            Map<String, INDArray> read = Npz.read(resource(resource));
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(read.keySet()), resource);
            expected.forEach((name, a) -> assertIdentical(a, read.get(name), resource + " " + name));
        }
        Path ours = dir.resolve("ours.npz");
        Npz.write(ours, expected);
        try (ZipFile numpy = new ZipFile(resource("numpy-savez.npz").toFile()); ZipFile kiln = new ZipFile(ours.toFile())) {
            for (String name : expected.keySet()) {
                ZipEntry entry = kiln.getEntry(name + ".npy");
                assertEquals(ZipEntry.STORED, entry.getMethod(), name + " is stored, as numpy.savez stores it");
                assertArrayEquals(bytes(numpy, name + ".npy"), bytes(kiln, name + ".npy"), name + ".npy bytes");
            }
        }
    }

    @Test
    void headersArePaddedTo64BytesAndEndInANewline() {
        for (long[] shape : SHAPES) {
            byte[] header = NpyHeader.encode(DataType.INT64, shape);
            assertEquals(0, header.length % 64, "length of the header for " + Shapes.text(shape));
            assertEquals('\n', header[header.length - 1]);
            assertEquals(header.length - 10, (header[8] & 0xff) | (header[9] & 0xff) << 8);
        }
        byte[] header = NpyHeader.encode(DataType.FLOAT, new long[] {16, 3, 3, 3});
        String dict = new String(header, 10, header.length - 10, java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (16, 3, 3, 3), }", dict.strip());
    }

    @Test
    void equalArraysMakeEqualFiles() throws IOException {
        Map<String, INDArray> arrays = Map.of("w", random(DataType.FLOAT, 1, 3, 3));
        Npz.write(dir.resolve("a.npz"), arrays);
        Npz.write(dir.resolve("b.npz"), arrays);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.npz")), Files.readAllBytes(dir.resolve("b.npz")));
    }

    @Test
    void rejectsWhatItCannotWriteBeforeTouchingTheDisk() {
        Path file = dir.resolve("never.npz");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npz.write(file, Map.of("half", Nd4j.create(DataType.HALF, 2))));
        assertEquals("Npz.write: half is HALF; expected FLOAT, DOUBLE, INT or LONG", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Npz.write(file, Map.of("", Nd4j.create(DataType.FLOAT, 2))));
        assertEquals("Npz.write: every array needs a non-empty name, but got an array named ''", e.getMessage());
        assertFalse(Files.exists(file));
    }

    static Path resource(String name) throws Exception {
        return Path.of(NpzTest.class.getResource(name).toURI());
    }

    private static byte[] bytes(ZipFile zip, String entry) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            return in.readAllBytes();
        }
    }
}
