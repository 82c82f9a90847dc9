package dev.kiln.runtime.kernels.batchnorm;

import dev.kiln.runtime.kernels.loops.FloatLoops;
import dev.kiln.runtime.kernels.loops.TwoThreads;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Batch norm's float32 path for channels last: x is R rows of C floats (an {@code [N,H,W,C]}
 * tensor is {@code [N·H·W, C]}; so is a dense {@code [N,C]} one), and channel c is column c.
 *
 * <p>The tensor goes through in blocks of rows ({@link RowBlocks}). Within a block, runs of
 * {@code L} floats (a multiple of C, about 256) are copied into arrays of their own and reduced
 * into float lanes of length L, lane j holding channel {@code j mod C}: every array in the loop
 * is indexed alike, so Java 17 vectorises it (see {@code NchwFloatBatchNorm}). Each block folds its
 * lanes into per-channel doubles in a slot of its own, and the slots are added in block order
 * afterwards, so the result does not depend on which thread ran which block. The element-wise
 * passes use per-lane rows of scale and shift, tiled from the per-channel values.
 *
 * <p>Unlike the NCHW path, a channel does not fit in cache here, so the statistics and the
 * affine pass each read x (the backward reads x and dy twice). The second pass walks each
 * thread's blocks backwards, so that it starts on the blocks the first pass read last, which
 * may still be in cache. One instance serves one layer: its slot and tile arrays are reused
 * across calls.
 */
public final class RowsFloatBatchNorm {
    /** Rows to average for the shift that keeps the variance free of cancellation. */
    private static final int SHIFT_ROWS = 16;

    private final RowBlocks blocks = new RowBlocks();
    private int c;
    private int lane;
    /** Per-lane rows of per-channel values (the shift, scale and shift, backward's factors, the mask's scale and shift). */
    private float[] tileA = new float[0];
    private float[] tileB = new float[0];
    private float[] tileC = new float[0];
    private float[] tileD = new float[0];
    private float[] tileE = new float[0];
    private float[] tileF = new float[0];
    /** The training forward's per-channel scale and shift. */
    private float[] scale = new float[0];
    private float[] offset = new float[0];
    /**
     * The operands of the call under way, read by the passes below: each pass is a method bound
     * once as a {@link TwoThreads.Range}, so that handing blocks to the two threads makes no
     * lambda per call.
     */
    private FloatBuffer opX;
    private FloatBuffer opShortcut;
    private FloatBuffer opY;
    private FloatBuffer opReluOut;
    private FloatBuffer opDy;
    private FloatBuffer opDx;
    private boolean opRelu;
    private boolean opRecompute;
    private boolean opAccumulate;
    private final TwoThreads.Range statisticsPass = this::statisticsBlocks;
    private final TwoThreads.Range affinePass = this::affineBlocks;
    private final TwoThreads.Range sumsPass = this::sumsBlocks;
    private final TwoThreads.Range inputPass = this::inputBlocks;

    /** Sets up the blocks for R rows of C channels and sizes the tiles for C. */
    private void fit(int rows, int channels) {
        if (blocks.fit(rows, channels)) {
            c = channels;
            lane = blocks.lane();
            tileA = new float[lane];
            tileB = new float[lane];
            tileC = new float[lane];
            tileD = new float[lane];
            tileE = new float[lane];
            tileF = new float[lane];
            scale = new float[c];
            offset = new float[c];
        }
    }

    /**
     * Statistics of every channel into mean and squares (Σ(x − μ)²) and invStd; then y =
     * gamma·x̂ + beta (+ shortcut when not null), then max(·, 0) when {@code relu}.
     */
    public void forwardTrain(FloatBuffer x, int rows, int channels, float[] gamma, float[] beta, double epsilon,
                      double[] mean, double[] invStd, double[] squares, FloatBuffer shortcut, FloatBuffer y,
                      boolean relu) {
        fit(rows, channels);
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
        opX = x;
        blocks.run(statisticsPass);
        for (int ch = 0; ch < c; ch++) {
            double sum = blocks.sumA(ch);
            double sq = blocks.sumB(ch);
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
    public void affine(FloatBuffer x, int rows, int channels, float[] scale, float[] shift, FloatBuffer shortcut, FloatBuffer y,
                boolean relu) {
        fit(rows, channels);
        for (int j = 0; j < lane; j++) {
            tileA[j] = scale[j % c];
            tileB[j] = shift[j % c];
        }
        opX = x;
        opShortcut = shortcut;
        opY = y;
        opRelu = relu;
        blocks.run(affinePass);
    }

    private void statisticsBlocks(int from, int to) {
        float[][] s = blocks.scratch();
        for (int b = from; b < to; b++) {
            statistics(opX, b, s[0], s[1], s[2]);
        }
    }

    /** Blocks [from, to) of {@link #affine}, the last first. */
    private void affineBlocks(int from, int to) {
        FloatBuffer x = opX;
        FloatBuffer shortcut = opShortcut;
        FloatBuffer y = opY;
        boolean relu = opRelu;
        float[][] s = blocks.scratch();
        float[] v = s[0];
        float[] r = s[1];
        for (int b = to - 1; b >= from; b--) {
            for (int at = blocks.start(b), end = blocks.end(b); at < end; at += lane) {
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
    }

    /**
     * The training-mode gradient: dgamma and dbeta per channel, dx honouring accumulate; with
     * {@code reluOut}, dy is first masked by {@code reluOut > 0} (dy itself is not changed). With
     * {@code recomputeMask} that output is recomputed from x with the last forwardTrain's scale and
     * shift, to the same bits, instead of read (it must have had a ReLU and no shortcut).
     */
    public void backward(FloatBuffer x, int rows, int channels, float[] gamma, double[] mean, double[] invStd,
                  FloatBuffer reluOut, boolean recomputeMask, FloatBuffer dy, FloatBuffer dx, boolean accumulate,
                  double[] dgamma, double[] dbeta) {
        fit(rows, channels);
        for (int j = 0; j < lane; j++) {
            tileA[j] = (float) mean[j % c];
            tileE[j] = scale[j % c];
            tileF[j] = offset[j % c];
        }
        opX = x;
        opReluOut = recomputeMask ? null : reluOut;
        opRecompute = recomputeMask;
        opDy = dy;
        opDx = dx;
        opAccumulate = accumulate;
        blocks.run(sumsPass);
        for (int ch = 0; ch < c; ch++) {
            dbeta[ch] = blocks.sumA(ch);
            dgamma[ch] = blocks.sumB(ch) * invStd[ch];
        }
        // dx = k·(g − mean(g) − (x − μ)·is·mean(g·x̂)): per lane k, mean(g), μ and is·mean(g·x̂).
        for (int j = 0; j < lane; j++) {
            int ch = j % c;
            tileB[j] = (float) (gamma[ch] * invStd[ch]);
            tileC[j] = (float) (dbeta[ch] / rows);
            tileD[j] = (float) (invStd[ch] * dgamma[ch] / rows);
        }
        blocks.run(inputPass);
    }

    private void sumsBlocks(int from, int to) {
        float[][] s = blocks.scratch();
        for (int b = from; b < to; b++) {
            sums(opX, opReluOut, opRecompute, opDy, b, s);
        }
    }

    private void inputBlocks(int from, int to) {
        float[][] s = blocks.scratch();
        for (int b = to - 1; b >= from; b--) {
            input(opX, opReluOut, opRecompute, opDy, opDx, opAccumulate, b, s);
        }
    }

    /** Block b's Σ(x − k) and Σ(x − k)² per channel into its slots, k the shift in tileA. */
    private void statistics(FloatBuffer x, int b, float[] v, float[] s1, float[] s2) {
        Arrays.fill(s1, 0, lane, 0f);
        Arrays.fill(s2, 0, lane, 0f);
        for (int at = blocks.start(b), end = blocks.end(b); at < end; at += lane) {
            int len = Math.min(lane, end - at);
            x.get(at, v, 0, len);
            for (int j = 0; j < len; j++) {
                float d = v[j] - tileA[j];
                s1[j] += d;
                s2[j] += d * d;
            }
        }
        blocks.fold(b, s1, s2);
    }

    /** Block b's Σg and Σg·(x − μ) per channel into its slots, g = dy masked by reluOut > 0. */
    private void sums(FloatBuffer x, FloatBuffer reluOut, boolean recompute, FloatBuffer dy, int b, float[][] s) {
        float[] v = s[0];
        float[] g = s[1];
        float[] mask = s[2];
        float[] s1 = s[3];
        float[] s2 = s[4];
        Arrays.fill(s1, 0, lane, 0f);
        Arrays.fill(s2, 0, lane, 0f);
        for (int at = blocks.start(b), end = blocks.end(b); at < end; at += lane) {
            int len = Math.min(lane, end - at);
            load(x, reluOut, recompute, dy, at, len, v, g, mask);
            for (int j = 0; j < len; j++) {
                s1[j] += g[j];
                s2[j] += g[j] * (v[j] - tileA[j]);
            }
        }
        blocks.fold(b, s1, s2);
    }

    /** Block b's dx, from the per-lane tiles backward filled. */
    private void input(FloatBuffer x, FloatBuffer reluOut, boolean recompute, FloatBuffer dy, FloatBuffer dx,
                       boolean accumulate, int b, float[][] s) {
        float[] v = s[0];
        float[] g = s[1];
        float[] mask = s[2];
        for (int at = blocks.start(b), end = blocks.end(b); at < end; at += lane) {
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
}
