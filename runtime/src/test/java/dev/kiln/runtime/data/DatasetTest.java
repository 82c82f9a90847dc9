package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetTest {
    /** Two examples of 2 channels × 1×2: example 0 = c0 [0, 255], c1 [10, 20]; example 1 = c0 [51, 102], c1 [30, 40]. */
    private static Dataset twoChannels() {
        byte[] pixels = {0, (byte) 255, 10, 20, 51, 102, 30, 40};
        return Dataset.of("two", pixels, new int[] {1, 0}, 2, 1, 2, 3);
    }

    @Test
    void channelMeanAndStdMatchAHandComputation() {
        Dataset d = twoChannels();
        // channel 0 values /255: 0, 1, 0.2, 0.4 → mean 0.4, population variance (0.16 + 0.36 + 0.04 + 0) / 4 = 0.14
        // channel 1 values: 10, 20, 30, 40 → mean 25/255, variance 125/255²
        assertArrayEquals(new double[] {0.4, 25 / 255.0}, d.channelMean(), 1e-15);
        assertArrayEquals(new double[] {Math.sqrt(0.14), Math.sqrt(125) / 255}, d.channelStd(), 1e-15);
    }

    @Test
    void ofCopiesItsArguments() {
        byte[] pixels = {1, 2, 3, 4};
        int[] labels = {0, 1};
        Dataset d = Dataset.of("copy", pixels, labels, 1, 1, 2, 2);
        pixels[0] = 99;
        labels[0] = 1;
        assertEquals(1, d.pixel(0, 0, 0, 0));
        assertEquals(0, d.label(0));
        d.labels()[1] = 0;
        d.image(1)[0] = 0;
        assertEquals(1, d.label(1));
        assertEquals(3, d.pixel(1, 0, 0, 0));
    }

    @Test
    void subsetKeepsTheFirstExamples() {
        Dataset d = twoChannels();
        Dataset first = d.subset(1);
        assertEquals(1, first.size());
        assertEquals("two[:1]", first.name());
        assertArrayEquals(d.image(0), first.image(0));
        assertArrayEquals(new int[] {1}, first.labels());
        assertSame(d, d.subset(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.subset(3));
        assertEquals("two: a subset must hold 1..2 examples, but 3 were asked for", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.subset(0));
    }

    @Test
    void inconsistentArraysAreRefused() {
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of("bad", new byte[7], new int[2], 2, 1, 2, 3));
        assertEquals("bad: 2 examples of 2×1×2 need 8 pixel values, but got 7", length.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of("bad", new byte[8], new int[] {0, 3}, 2, 1, 2, 3));
        assertEquals("bad: label of example 1 is 3, but labels must be class indices in [0, 3)", label.getMessage());
    }

    @Test
    void accessorsDescribeTheSet() {
        Dataset d = twoChannels();
        assertEquals(4, d.exampleSize());
        assertArrayEquals(new int[] {1, 1, 0}, d.classCounts());
        assertEquals(102, d.pixel(1, 0, 0, 1));
        assertEquals("two: 2 × 2×1×2, 3 classes", d.toString());
        assertThrows(IndexOutOfBoundsException.class, () -> d.pixel(0, 2, 0, 0));
        assertTrue(d.pixel(0, 0, 0, 1) == 255);
    }
}
