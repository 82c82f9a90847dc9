package dev.kiln.runtime.data;

import static dev.kiln.runtime.data.TestFiles.idxImages;
import static dev.kiln.runtime.data.TestFiles.idxLabels;
import static dev.kiln.runtime.data.TestFiles.pattern;
import static dev.kiln.runtime.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    /** Writes a tiny Fashion-MNIST folder: train images gzipped, the rest plain. */
    static void writeTinyFolder(Path dir) {
        write(dir.resolve("train-images-idx3-ubyte.gz"), idxImages(IdxReader.IMAGES_MAGIC, 3, 28, 28, pattern(3, 28, 28)), true);
        write(dir.resolve("train-labels-idx1-ubyte.gz"), idxLabels(IdxReader.LABELS_MAGIC, 3, 4, 5, 6), true);
        write(dir.resolve("t10k-images-idx3-ubyte"), idxImages(IdxReader.IMAGES_MAGIC, 2, 28, 28, pattern(2, 28, 28)));
        write(dir.resolve("t10k-labels-idx1-ubyte"), idxLabels(IdxReader.LABELS_MAGIC, 2, 9, 0));
    }

    @Test
    void aFolderOfPlainAndGzippedFilesReads() throws Exception {
        writeTinyFolder(dir);
        assertEquals(List.of(), FashionMnist.missing(dir));
        Dataset train = FashionMnist.train(dir);
        Dataset test = FashionMnist.test(dir);
        assertEquals("fashion-mnist-train", train.name());
        assertArrayEquals(new int[] {4, 5, 6}, train.labels());
        assertArrayEquals(new int[] {9, 0}, test.labels());
        assertArrayEquals(Arrays.copyOfRange(pattern(2, 28, 28), 784, 1568), test.image(1));
    }

    @Test
    void missingNamesWhatIsAbsent() throws Exception {
        write(dir.resolve("train-images-idx3-ubyte.gz"), new byte[] {1});
        write(dir.resolve("t10k-images-idx3-ubyte"), new byte[] {1});
        Files.createFile(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertEquals(List.of("train-labels-idx1-ubyte", "t10k-labels-idx1-ubyte"), FashionMnist.missing(dir));
        DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> FashionMnist.train(dir));
        assertTrue(e.getMessage().startsWith(dir + ": no train-labels-idx1-ubyte or train-labels-idx1-ubyte.gz"), e.getMessage());
    }

    /** The real data, where Debian's package is installed: sizes, labels, balance, known statistics, read time. */
    @Test
    void theRealFashionMnistReads() throws Exception {
        Path real = DataLocator.DEBIAN_FOLDER;
        assumeTrue(Files.isDirectory(real) && FashionMnist.missing(real).isEmpty(),
                real + " is not installed (apt-get install dataset-fashion-mnist)");
        long t0 = System.nanoTime();
        Dataset train = FashionMnist.train(real);
        long t1 = System.nanoTime();
        Dataset test = FashionMnist.test(real);
        long t2 = System.nanoTime();
        System.out.printf("kiln: read Fashion-MNIST train (60000) in %.0f ms, test (10000) in %.0f ms%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        for (Dataset d : List.of(train, test)) {
            assertEquals(1, d.channels());
            assertEquals(28, d.height());
            assertEquals(28, d.width());
            assertEquals(10, d.classes());
        }
        int[] six = new int[10];
        Arrays.fill(six, 6000);
        assertArrayEquals(six, train.classCounts());
        int[] one = new int[10];
        Arrays.fill(one, 1000);
        assertArrayEquals(one, test.classCounts());
        // the statistics everyone normalises Fashion-MNIST with: mean 0.2860, std 0.3530
        assertEquals(0.2860, train.channelMean()[0], 5e-4);
        assertEquals(0.3530, train.channelStd()[0], 5e-4);

        // one augmented training epoch, filled inline, to show what loading costs per epoch
        try (BatchLoader loader = new BatchLoader(train, BatchOptions.training(128, 1, train).withPrefetch(false))) {
            long t3 = System.nanoTime();
            int examples = 0;
            for (Batch b : loader.epoch(0)) {
                examples += b.size();
            }
            System.out.printf("kiln: one augmented epoch of batches of 128 filled in %.0f ms%n", (System.nanoTime() - t3) / 1e6);
            assertEquals(60000, examples);
        }
    }
}
