package dev.kiln.runtime.kernels.batchnorm;

import dev.kiln.runtime.kernels.loops.FloatLoops;
import dev.kiln.runtime.kernels.loops.TwoThreads;
import java.util.Arrays;

/**
 * How {@link RowsFloatBatchNorm} walks R rows of C floats: in blocks of about {@value #BLOCK} floats
 * (whole rows), each a unit of work for one of the two threads, read in runs of {@code lane}
 * floats (a multiple of C, about 256), with lane j holding channel {@code j mod C}. Each block
 * folds its two lane sums into per-channel doubles in a slot of its own; {@link #sumA} and
 * {@link #sumB} add the slots in block order, so a total does not depend on which thread ran
 * which block.
 */
final class RowBlocks {
    /** Floats per block of rows: its own slot of partial sums, one unit of work for a thread. */
    static final int BLOCK = 1 << 14;

    /** Per thread: five arrays of one lane each (the loaded operands and the lane sums). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[5][0]);

    private int c;
    private int lane;
    private int rows;
    private int blocks;
    private double[] slotsA = new double[0];
    private double[] slotsB = new double[0];

    /** Sets up R rows of C channels with empty slots; returns whether C changed (the lane length with it). */
    boolean fit(int rows, int channels) {
        boolean changed = channels != c;
        if (changed) {
            c = channels;
            lane = c * Math.max(1, 256 / c);
        }
        this.rows = rows;
        blocks = (rows + rowsPerBlock() - 1) / rowsPerBlock();
        if (slotsA.length < blocks * c) {
            slotsA = new double[blocks * c];
            slotsB = new double[blocks * c];
        }
        Arrays.fill(slotsA, 0, blocks * c, 0);
        Arrays.fill(slotsB, 0, blocks * c, 0);
        return changed;
    }

    int channels() {
        return c;
    }

    int lane() {
        return lane;
    }

    /** The first float of block b. */
    int start(int b) {
        return b * rowsPerBlock() * c;
    }

    /** One past the last float of block b. */
    int end(int b) {
        return Math.min((b + 1) * rowsPerBlock(), rows) * c;
    }

    /** Blocks [0, blocks) over two threads when the tensor is big enough to repay the hand-off, else here. */
    void run(TwoThreads.Range work) {
        if ((long) rows * c < 2L * FloatLoops.CHUNK) {
            work.run(0, blocks);
        } else {
            TwoThreads.split(blocks, work);
        }
    }

    /** Lane j of s1 and s2 added into channel j mod C of block b's slots. */
    void fold(int b, float[] s1, float[] s2) {
        int base = b * c;
        for (int j = 0; j < lane; j++) {
            slotsA[base + j % c] += s1[j];
            slotsB[base + j % c] += s2[j];
        }
    }

    /** Channel ch's first sum over all blocks, in block order. */
    double sumA(int ch) {
        double sum = 0;
        for (int b = 0; b < blocks; b++) {
            sum += slotsA[b * c + ch];
        }
        return sum;
    }

    /** Channel ch's second sum over all blocks, in block order. */
    double sumB(int ch) {
        double sum = 0;
        for (int b = 0; b < blocks; b++) {
            sum += slotsB[b * c + ch];
        }
        return sum;
    }

    /** This thread's five lane-long arrays. */
    float[][] scratch() {
        float[][] s = SCRATCH.get();
        if (s[0].length < lane) {
            for (int i = 0; i < s.length; i++) {
                s[i] = new float[lane];
            }
        }
        return s;
    }

    private int rowsPerBlock() {
        return Math.max(1, BLOCK / lane) * (lane / c);
    }
}
