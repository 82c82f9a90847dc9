package dev.kiln.runtime.io;

import static dev.kiln.runtime.testing.SameArray.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.runtime.testing.TinyNetwork;
import dev.kiln.runtime.train.AdamW;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kiln's files against NumPy itself, where {@code python3} with NumPy is installed (skipped
 * otherwise; {@link NpzTest} still compares with bytes NumPy wrote, kept as test resources).
 */
class NpzNumpyTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsNumpy() {
        boolean present;
        try {
            present = python("import numpy").exit == 0;
        } catch (IOException e) {
            present = false;
        }
        assumeTrue(present, "python3 with numpy is not installed");
    }

    @Test
    void numpyLoadsWhatKilnWrote() throws Exception {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        long[][] shapes = {{}, {5}, {2, 3}, {2, 1, 3, 2}, {0}, {3, 0}};
        int seed = 0;
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.INT32, DataType.INT64}) {
            for (long[] shape : shapes) {
                arrays.put("stage1.0." + type.name().toLowerCase() + seed, NpzTest.random(type, seed++, shape));
            }
        }
        Path file = dir.resolve("kiln.npz");
        Npz.write(file, arrays);
        List<String> expected = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            expected.add(e.getKey() + " " + NpyHeader.descr(e.getValue().dataType()) + " "
                    + Shapes.text(e.getValue().shape()) + " " + sha256(e.getValue()));
        }
        Result r = python("import hashlib, numpy as np, sys\n"
                + "z = np.load(sys.argv[1])\n"
                + "for k in z.files:\n"
                + "    a = z[k]\n"
                + "    assert a.flags.c_contiguous\n"
                + "    print(k, a.dtype.str, '[' + ','.join(map(str, a.shape)) + ']', hashlib.sha256(a.tobytes()).hexdigest())\n",
                file.toString());
        assertEquals(0, r.exit, r.output);
        assertEquals(expected, r.output.lines().toList());
    }

    @Test
    void kilnReadsWhatNumpyWrote() throws Exception {
        Path file = dir.resolve("numpy.npz");
        Path compressed = dir.resolve("numpy-compressed.npz");
        Path version2 = dir.resolve("numpy-v2.npz");
        Result r = python("import numpy as np, sys, zipfile\n"
                + "a = {'f4': np.arange(12, dtype='<f4').reshape(3, 4) / 8, 'f8': np.float64(-2.5),\n"
                + "     'i4': np.arange(-3, 3, dtype='<i4'), 'i8': np.arange(8, dtype='<i8').reshape(2, 2, 2) * 2**40}\n"
                + "np.savez(sys.argv[1], **a)\n"
                + "np.savez_compressed(sys.argv[2], **a)\n"
                + "with zipfile.ZipFile(sys.argv[3], 'w') as z:\n"
                + "    with z.open('v2.npy', 'w') as f:\n"
                + "        np.lib.format.write_array(f, a['f4'], version=(2, 0))\n",
                file.toString(), compressed.toString(), version2.toString());
        assertEquals(0, r.exit, r.output);
        Map<String, INDArray> expected = new LinkedHashMap<>();
        expected.put("f4", Nd4j.arange(12).castTo(DataType.FLOAT).reshape(3, 4).div(8));
        expected.put("f8", Nd4j.scalar(-2.5));
        expected.put("i4", Nd4j.createFromArray(-3, -2, -1, 0, 1, 2));
        expected.put("i8", Nd4j.arange(8).castTo(DataType.INT64).reshape(2, 2, 2).mul(1L << 40));
        for (Path p : new Path[] {file, compressed}) {
            Map<String, INDArray> read = Npz.read(p);
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(read.keySet()));
            expected.forEach((name, a) -> assertIdentical(a, read.get(name), p.getFileName() + " " + name));
        }
        assertIdentical(expected.get("f4"), Npz.read(version2).get("v2"), "a version 2.0 header");
    }

    @Test
    void kilnRejectsWhatItDoesNotReadFromNumpy() throws Exception {
        Path file = dir.resolve("unsupported.npz");
        Result r = python("import numpy as np, sys\n"
                + "np.savez(sys.argv[1], fortran=np.asfortranarray(np.ones((2, 3), dtype='<f4')))\n", file.toString());
        assertEquals(0, r.exit, r.output);
        NpzFormatException e = assertThrows(NpzFormatException.class, () -> Npz.read(file));
        assertEquals(file + ": entry fortran: fortran_order is True; expected False (C order): "
                + "save numpy.ascontiguousarray(a) instead", e.getMessage());
    }

    @Test
    void numpyReadsACheckpoint() throws Exception {
        TinyNetwork net = new TinyNetwork(3);
        AdamW opt = new AdamW(0.01);
        net.randomGradients(4);
        opt.step(net.parameters());
        Path file = dir.resolve("ckpt.npz");
        Checkpoint.save(file, net, opt, new TrainingState(2, 100, new long[] {7, -7}));
        Result r = python("import numpy as np, sys\n"
                + "z = np.load(sys.argv[1])\n"
                + "print(''.join(map(chr, z['meta.model'])), int(z['meta.epoch']), int(z['meta.step']), z['meta.rng_state'].tolist())\n"
                + "print(z['fc.weight'].dtype, z['fc.weight'].shape, z['optimizer.fc.weight.exp_avg'].dtype, int(z['optimizer.fc.weight.step']))\n"
                + "print(float(z['bn.running_var'][1]))\n", file.toString());
        assertEquals(0, r.exit, r.output);
        assertEquals(List.of("TinyNet 2 100 [7, -7]", "float32 (3, 4) float64 1",
                String.valueOf((double) net.state().get("bn.running_var").getFloat(1))), r.output.lines().toList());
    }

    private static String sha256(INDArray a) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ArrayBytes.write(ArrayBytes.isPlain(a) ? a : a.dup('c'), (bytes, n) -> digest.update(bytes, 0, n));
        return HexFormat.of().formatHex(digest.digest());
    }

    private record Result(int exit, String output) {}

    private static Result python(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        java.io.File output = java.io.File.createTempFile("kiln-python", ".txt");
        output.deleteOnExit();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "python3 timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Result(-1, "interrupted");
        }
        String text = java.nio.file.Files.readString(output.toPath(), StandardCharsets.UTF_8);
        output.delete();
        return new Result(p.exitValue(), text);
    }
}
