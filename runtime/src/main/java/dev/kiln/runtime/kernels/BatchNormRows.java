package dev.kiln.runtime.kernels;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Batch norm's float32 path for channels last: x is R rows of C floats (an {@code [N,H,W,C]}
 * tensor is {@code [N·H·W, C]}; so is a dense {@code [N,C]} one), and channel c is column c.
 *
 * <p>The tensor goes through in blocks of rows. Within a block, runs of {@code L} floats (a
 * multiple of C, about 256) are copied into arrays of their own and reduced into float lanes of
 * length L, lane j holding channel {@code j mod C}: every array in the loop is indexed alike, so
 * Java 17 vectorises it (see {@code BatchNormFloat}). Each block folds its lanes into per-channel
 * doubles in a slot of its own, and the slots are added in block order afterwards, so the
 * result does not depend on which thread ran which block. The element-wise passes use per-lane
 * rows of scale and shift, tiled from the per-channel values.
 *
 * <p>Unlike the NCHW path, a channel does not fit in cache here, so the statistics and the
 * affine pass each read x (the backward reads x and dy twice). The second pass walks each
 * thread's blocks backwards, so that it starts on the blocks the first pass read last, which
 * may still be in cache. One instance serves one layer: its slot and tile arrays are reused
 * across calls.
 */
final class BatchNormRows {
    /** Floats per block of rows: its own slot of partial sums, one unit of work for a thread. */
    private static final int BLOCK = 1 << 14;
    /** Rows to average for the shift that keeps the variance free of cancellation. */
    private static final int SHIFT_ROWS = 16;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[5][0]);

    private int c;
    private int lane;
    private float[] tileA = new float[0];
    private float[] tileB = new float[0];
    private float[] tileC = new float[0];
    private float[] tileD = new float[0];
    private float[] tileE = new float[0];
    private float[] tileF = new float[0];
    private double[] slotsA = new double[0];
    private double[] slotsB = new double[0];
    /** The training forward's per-channel scale and shift. */
    private float[] scale = new float[0];
    private float[] offset = new float[0];

    /** Sizes the lanes and tiles for C channels and the slots for R rows; returns the number of blocks. */
    private int fit(int rows, int channels) {
        if (channels != c) {
            c = channels;
            lane = c * Math.max(1, 256 / c);
            tileA = new float[lane];
            tileB = new float[lane];
            tileC = new float[lane];
            tileD = new float[lane];
            tileE = new float[lane];
            tileF = new float[lane];
            scale = new float[c];
            offset = new float[c];
        }
        int blocks = blocks(rows);
        if (slotsA.length < blocks * c) {
            slotsA = new double[blocks * c];
            slotsB = new double[blocks * c];
        }
        Arrays.fill(slotsA, 0, blocks * c, 0);
        Arrays.fill(slotsB, 0, blocks * c, 0);
        return blocks;
    }

    private int rowsPerBlock() {
        return Math.max(1, BLOCK / lane) * (lane / c);
    }

    private int blocks(int rows) {
        return (rows + rowsPerBlock() - 1) / rowsPerBlock();
    }

    /**
     * Statistics of every channel into mean and squares (Σ(x − μ)²) and invStd; then y =
     * gamma·x̂ + beta (+ shortcut when not null), then max(·, 0) when {@code relu}.
     */
    void forwardTrain(FloatBuffer x, int rows, int channels, float[] gamma, float[] beta, double epsilon,
                      double[] mean, double[] invStd, double[] squares, FloatBuffer shortcut, FloatBuffer y,
                      boolean relu) {
        int blocks = fit(rows, channels);
        int first = Math.min(rows, SHIFT_ROWS);
        for (int ch = 0; ch < c; ch++) {
            double k = 0;
            for (int r = 0; r < first; r++) {
                k += x.get(r * c + ch);
            }
            tileA[ch] = (float) (k / first);
        }
        for (int j = c; j < lane; j++) {
            tileA[j] = tileA[j % c];
        }
        run(rows, blocks, (from, to) -> {
            float[][] s = scratch();
            for (int b = from; b < to; b++) {
                statistics(x, rows, b, s[0], s[1], s[2]);
            }
        });
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            double sq = 0;
            for (int b = 0; b < blocks; b++) {
                sum += slotsA[b * c + ch];
                sq += slotsB[b * c + ch];
            }
            double shifted = sum / rows;
            mean[ch] = tileA[ch] + shifted;
            squares[ch] = Math.max(sq - sum * shifted, 0);
            invStd[ch] = 1 / Math.sqrt(squares[ch] / rows + epsilon);
        }
        for (int ch = 0; ch < c; ch++) {
            scale[ch] = (float) (gamma[ch] * invStd[ch]);
            offset[ch] = (float) (beta[ch] - mean[ch] * gamma[ch] * invStd[ch]);
        }
        affine(x, rows, channels, scale, offset, shortcut, y, relu);
    }

    /** y = scale·x + shift per channel (+ shortcut when not null), then max(·, 0) when {@code relu}. */
    void affine(FloatBuffer x, int rows, int channels, float[] scale, float[] shift, FloatBuffer shortcut, FloatBuffer y,
                boolean relu) {
        int blocks = fit(rows, channels);
        for (int j = 0; j < lane; j++) {
            tileA[j] = scale[j % c];
            tileB[j] = shift[j % c];
        }
        run(rows, blocks, (from, to) -> {
            float[][] s = scratch();
            float[] v = s[0];
            float[] r = s[1];
            for (int b = to - 1; b >= from; b--) {
                for (int at = start(b), end = end(b, rows); at < end; at += lane) {
                    int len = Math.min(lane, end - at);
                    x.get(at, v, 0, len);
                    if (shortcut != null) {
                        shortcut.get(at, r, 0, len);
                        for (int j = 0; j < len; j++) {
                            v[j] = v[j] * tileA[j] + tileB[j] + r[j];
                        }
                    } else {
                        for (int j = 0; j < len; j++) {
                            v[j] = v[j] * tileA[j] + tileB[j];
                        }
                    }
                    if (relu) {
                        for (int j = 0; j < len; j++) {
                            v[j] = Math.max(v[j], 0f);
                        }
                    }
                    y.put(at, v, 0, len);
                }
            }
        });
    }

    /**
     * The training-mode gradient: dgamma and dbeta per channel, dx honouring accumulate; with
     * {@code reluOut}, dy is first masked by {@code reluOut > 0} (dy itself is not changed). With
     * {@code recomputeMask} that output is recomputed from x with the last forwardTrain's scale and
     * shift, to the same bits, instead of read (it must have had a ReLU and no shortcut).
     */
    void backward(FloatBuffer x, int rows, int channels, float[] gamma, double[] mean, double[] invStd,
                  FloatBuffer reluOut, boolean recomputeMask, FloatBuffer dy, FloatBuffer dx, boolean accumulate,
                  double[] dgamma, double[] dbeta) {
        int blocks = fit(rows, channels);
        for (int j = 0; j < lane; j++) {
            tileA[j] = (float) mean[j % c];
            tileE[j] = scale[j % c];
            tileF[j] = offset[j % c];
        }
        boolean recompute = recomputeMask;
        run(rows, blocks, (from, to) -> {
            float[][] s = scratch();
            for (int b = from; b < to; b++) {
                sums(x, recompute ? null : reluOut, recompute, dy, rows, b, s);
            }
        });
        for (int ch = 0; ch < c; ch++) {
            double sumDy = 0;
            double sumDyX = 0;
            for (int b = 0; b < blocks; b++) {
                sumDy += slotsA[b * c + ch];
                sumDyX += slotsB[b * c + ch];
            }
            dbeta[ch] = sumDy;
            dgamma[ch] = sumDyX * invStd[ch];
        }
        // dx = k·(g − mean(g) − (x − μ)·is·mean(g·x̂)): per lane k, mean(g), μ and is·mean(g·x̂).
        for (int j = 0; j < lane; j++) {
            int ch = j % c;
            tileB[j] = (float) (gamma[ch] * invStd[ch]);
            tileC[j] = (float) (dbeta[ch] / rows);
            tileD[j] = (float) (invStd[ch] * dgamma[ch] / rows);
        }
        run(rows, blocks, (from, to) -> {
            float[][] s = scratch();
            for (int b = to - 1; b >= from; b--) {
                input(x, recompute ? null : reluOut, recompute, dy, dx, accumulate, rows, b, s);
            }
        });
    }

    /** Block b's Σ(x − k) and Σ(x − k)² per channel into its slots, k the shift in tileA. */
    private void statistics(FloatBuffer x, int rows, int b, float[] v, float[] s1, float[] s2) {
        Arrays.fill(s1, 0, lane, 0f);
        Arrays.fill(s2, 0, lane, 0f);
        for (int at = start(b), end = end(b, rows); at < end; at += lane) {
            int len = Math.min(lane, end - at);
            x.get(at, v, 0, len);
            for (int j = 0; j < len; j++) {
                float d = v[j] - tileA[j];
                s1[j] += d;
                s2[j] += d * d;
            }
        }
        fold(b, s1, s2);
    }

    /** Block b's Σg and Σg·(x − μ) per channel into its slots, g = dy masked by reluOut > 0. */
    private void sums(FloatBuffer x, FloatBuffer reluOut, boolean recompute, FloatBuffer dy, int rows, int b, float[][] s) {
        float[] v = s[0];
        float[] g = s[1];
        float[] mask = s[2];
        float[] s1 = s[3];
        float[] s2 = s[4];
        Arrays.fill(s1, 0, lane, 0f);
        Arrays.fill(s2, 0, lane, 0f);
        for (int at = start(b), end = end(b, rows); at < end; at += lane) {
            int len = Math.min(lane, end - at);
            load(x, reluOut, recompute, dy, at, len, v, g, mask);
            for (int j = 0; j < len; j++) {
                s1[j] += g[j];
                s2[j] += g[j] * (v[j] - tileA[j]);
            }
        }
        fold(b, s1, s2);
    }

    /** Block b's dx, from the per-lane tiles backward filled. */
    private void input(FloatBuffer x, FloatBuffer reluOut, boolean recompute, FloatBuffer dy, FloatBuffer dx,
                       boolean accumulate, int rows, int b, float[][] s) {
        float[] v = s[0];
        float[] g = s[1];
        float[] mask = s[2];
        for (int at = start(b), end = end(b, rows); at < end; at += lane) {
            int len = Math.min(lane, end - at);
            load(x, reluOut, recompute, dy, at, len, v, g, mask);
            for (int j = 0; j < len; j++) {
                g[j] = tileB[j] * (g[j] - tileC[j] - (v[j] - tileA[j]) * tileD[j]);
            }
            if (accumulate) {
                dx.get(at, v, 0, len);
                for (int j = 0; j < len; j++) {
                    g[j] += v[j];
                }
            }
            dx.put(at, g, 0, len);
        }
    }

    /**
     * x and dy at [at, at + len) into v and g; g masked by reluOut > 0 when reluOut is not null,
     * or with {@code recompute} by the last training forward's ReLU output, recomputed from x.
     */
    private void load(FloatBuffer x, FloatBuffer reluOut, boolean recompute, FloatBuffer dy, int at, int len, float[] v,
                      float[] g, float[] mask) {
        x.get(at, v, 0, len);
        dy.get(at, g, 0, len);
        if (recompute) {
            for (int j = 0; j < len; j++) {
                mask[j] = Math.max(v[j] * tileE[j] + tileF[j], 0f);
            }
            FloatLoops.maskByRelu(mask, g, len);
        } else if (reluOut != null) {
            reluOut.get(at, mask, 0, len);
            FloatLoops.maskByRelu(mask, g, len);
        }
    }

    /** Lane j of s1 and s2 added into channel j mod C of block b's slots. */
    private void fold(int b, float[] s1, float[] s2) {
        int base = b * c;
        for (int j = 0; j < lane; j++) {
            slotsA[base + j % c] += s1[j];
            slotsB[base + j % c] += s2[j];
        }
    }

    private int start(int b) {
        return b * rowsPerBlock() * c;
    }

    private int end(int b, int rows) {
        return Math.min((b + 1) * rowsPerBlock(), rows) * c;
    }

    /** Blocks [0, blocks) over two threads when the tensor is big enough to repay the hand-off, else here. */
    private void run(int rows, int blocks, TwoThreads.Range work) {
        if ((long) rows * c < 2L * FloatLoops.CHUNK) {
            work.run(0, blocks);
        } else {
            TwoThreads.split(blocks, work);
        }
    }

    private float[][] scratch() {
        float[][] s = SCRATCH.get();
        if (s[0].length < lane) {
            for (int i = 0; i < s.length; i++) {
                s[i] = new float[lane];
            }
        }
        return s;
    }
}
