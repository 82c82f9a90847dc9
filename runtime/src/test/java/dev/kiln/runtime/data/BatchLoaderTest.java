package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Epochs, batches, array reuse and prefetching. */
class BatchLoaderTest {
    /** 13 examples of 1×2×3; example i has label i mod 10 and pixels 6i … 6i + 5, so a batch shows which examples it holds. */
    private static Dataset numbered(int n) {
        byte[] pixels = new byte[n * 6];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int k = 0; k < 6; k++) {
                pixels[i * 6 + k] = (byte) (6 * i + k);
            }
        }
        return Dataset.of("numbered", pixels, labels, 1, 2, 3, 10);
    }

    private static BatchOptions plain(int batch, boolean shuffle, boolean prefetch) {
        return new BatchOptions(batch, 1234, shuffle, Normalization.scaleOnly(1), Augmentation.NONE, prefetch);
    }

    /** The example a batch row holds, read back from its first pixel. */
    private static int exampleOf(Batch b, int row) {
        return Math.round(b.features().getFloat(row, 0, 0, 0) * 255) / 6;
    }

    @Test
    void anEpochOrderIsASeededPermutationDifferentPerEpoch() {
        try (BatchLoader a = new BatchLoader(numbered(13), plain(4, true, false));
             BatchLoader b = new BatchLoader(numbered(13), plain(4, true, false))) {
            int[] zero = a.order(0);
            int[] sorted = zero.clone();
            Arrays.sort(sorted);
            assertArrayEquals(identity(13), sorted);
            assertArrayEquals(zero, b.order(0));
            assertArrayEquals(zero, a.order(0));
            assertFalse(Arrays.equals(zero, a.order(1)));
            assertFalse(Arrays.equals(zero, identity(13)));
            assertArrayEquals(fisherYates(13, 1234 + 5), a.order(5));
        }
        try (BatchLoader unshuffled = new BatchLoader(numbered(13), plain(4, false, false))) {
            assertArrayEquals(identity(13), unshuffled.order(3));
        }
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        return order;
    }

    private static int[] fisherYates(int n, long seed) {
        int[] a = identity(n);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    @Test
    void batchesFollowTheEpochOrderWithASmallerLastBatch() {
        for (boolean prefetch : new boolean[] {false, true}) {
            try (BatchLoader loader = new BatchLoader(numbered(13), plain(4, true, prefetch))) {
                assertEquals(4, loader.batchesPerEpoch());
                List<Integer> seen = new ArrayList<>();
                List<Integer> sizes = new ArrayList<>();
                for (Batch b : loader.epoch(2)) {
                    assertEquals(DataType.FLOAT, b.features().dataType());
                    assertEquals(DataType.INT32, b.labels().dataType());
                    assertArrayEquals(new long[] {b.size(), 1, 2, 3}, b.features().shape());
                    assertArrayEquals(new long[] {b.size()}, b.labels().shape());
                    sizes.add(b.size());
                    for (int row = 0; row < b.size(); row++) {
                        int example = exampleOf(b, row);
                        assertEquals(example % 10, b.labels().getInt(row));
                        assertEquals((6 * example + 5) / 255f, b.features().getFloat(row, 0, 1, 2), 0f);
                        seen.add(example);
                    }
                }
                assertEquals(List.of(4, 4, 4, 1), sizes);
                assertEquals(Arrays.stream(loader.order(2)).boxed().toList(), seen);
            }
        }
    }

    @Test
    void arraysAreAllocatedOnceAndRotated() {
        try (BatchLoader loader = new BatchLoader(numbered(13), plain(4, true, true))) {
            List<INDArray> first = new ArrayList<>();
            for (Batch b : loader.epoch(0)) {
                first.add(b.features());
            }
            assertSame(first.get(0), first.get(2));
            assertNotSame(first.get(0), first.get(1));
            assertNotSame(first.get(1), first.get(3));
            List<INDArray> second = new ArrayList<>();
            for (Batch b : loader.epoch(1)) {
                second.add(b.features());
            }
            assertEquals(first, second);
            for (int i = 0; i < first.size(); i++) {
                assertSame(first.get(i), second.get(i));
            }
        }
    }

    @Test
    void prefetchingYieldsTheSameBatchesAsLoadingInline() {
        Dataset d = numbered(13);
        BatchOptions options = new BatchOptions(4, 99, true, Normalization.of(d), new Augmentation(1, true), true);
        try (BatchLoader ahead = new BatchLoader(d, options); BatchLoader inline = new BatchLoader(d, options.withPrefetch(false))) {
            for (int epoch = 0; epoch < 3; epoch++) {
                Iterator<Batch> a = ahead.epoch(epoch).iterator();
                Iterator<Batch> b = inline.epoch(epoch).iterator();
                int batches = 0;
                while (a.hasNext()) {
                    assertTrue(b.hasNext());
                    Batch x = a.next();
                    Batch y = b.next();
                    assertArrayEquals(x.features().data().asFloat(), y.features().data().asFloat(), 0f);
                    assertArrayEquals(x.labels().data().asInt(), y.labels().data().asInt());
                    batches++;
                }
                assertFalse(b.hasNext());
                assertEquals(4, batches);
            }
        }
    }

    @Test
    void aDatasetSmallerThanABatchIsOneBatch() {
        try (BatchLoader loader = new BatchLoader(numbered(3), plain(8, false, true))) {
            Iterator<Batch> it = loader.epoch(0).iterator();
            Batch only = it.next();
            assertEquals(3, only.size());
            assertArrayEquals(new int[] {0, 1, 2}, only.labels().data().asInt());
            assertFalse(it.hasNext());
        }
    }

    @Test
    void aNewEpochEndsTheOldOneAndCloseEndsAll() {
        BatchLoader loader = new BatchLoader(numbered(13), plain(4, true, true));
        Iterator<Batch> old = loader.epoch(0).iterator();
        old.next();
        Iterator<Batch> fresh = loader.epoch(1).iterator();
        assertFalse(old.hasNext());
        IllegalStateException stale = assertThrows(IllegalStateException.class, old::next);
        assertEquals("epoch 0 of numbered is over: a later epoch(…) iteration started", stale.getMessage());
        assertEquals(4, fresh.next().size());
        loader.close();
        loader.close();
        assertThrows(IllegalStateException.class, fresh::next);
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> loader.epoch(2).iterator());
        assertEquals("this batch loader for numbered is closed", closed.getMessage());
    }
}
