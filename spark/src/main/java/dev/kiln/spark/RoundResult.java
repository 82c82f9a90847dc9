package dev.kiln.spark;

/**
 * A worker's answer to a round, and the sum of all of them, as one {@code double[]}: a header,
 * then the worker's state vector ({@link StateLayout}). Spark adds the answers up the aggregation
 * tree with {@link #add}; the driver divides by the number of workers. A worker whose loss or
 * state went non-finite sends zeros in place of its state and says where, so the sum stays
 * finite and the driver can name the worker.
 */
final class RoundResult {
    static final int WORKERS = 0;
    static final int EXAMPLES = 1;
    static final int LOSS_SUM = 2;
    static final int CORRECT = 3;
    static final int BAD_WORKERS = 4;
    /** The first failing worker (the lowest partition index), or +∞. */
    static final int BAD_WORKER = 5;
    /** Its step within the epoch, and the vector element that went non-finite first (−1: the loss). */
    static final int BAD_STEP = 6;
    static final int BAD_ELEMENT = 7;
    static final int BAD_LOSS = 8;
    static final int HEADER = 9;

    private RoundResult() {}

    static double[] empty(int stateLength) {
        double[] r = new double[HEADER + stateLength];
        r[WORKERS] = 1;
        r[BAD_WORKER] = Double.POSITIVE_INFINITY;
        return r;
    }

    /** Marks {@code r} as the answer of a worker that failed at {@code step}, with its state zeroed. */
    static void fail(double[] r, int worker, int step, int element, double loss) {
        java.util.Arrays.fill(r, HEADER, r.length, 0);
        r[LOSS_SUM] = 0;
        r[BAD_WORKERS] = 1;
        r[BAD_WORKER] = worker;
        r[BAD_STEP] = step;
        r[BAD_ELEMENT] = element;
        r[BAD_LOSS] = loss;
    }

    /** {@code a += b}, element by element, keeping the lowest failing worker's details; returns {@code a}. */
    static double[] add(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("workers answered with " + a.length + " and " + b.length
                    + " values: they run different networks or optimizers");
        }
        if (b[BAD_WORKER] < a[BAD_WORKER]) {
            a[BAD_WORKER] = b[BAD_WORKER];
            a[BAD_STEP] = b[BAD_STEP];
            a[BAD_ELEMENT] = b[BAD_ELEMENT];
            a[BAD_LOSS] = b[BAD_LOSS];
        }
        for (int i = 0; i < BAD_WORKER; i++) {
            a[i] += b[i];
        }
        for (int i = HEADER; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    /** The mean state: the sum's state part divided by the number of workers. */
    static double[] meanState(double[] sum) {
        double w = sum[WORKERS];
        double[] mean = new double[sum.length - HEADER];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = sum[HEADER + i] / w;
        }
        return mean;
    }
}
