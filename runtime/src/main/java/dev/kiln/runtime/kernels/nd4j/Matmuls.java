package dev.kiln.runtime.kernels.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link PreparedMatmul}s kept per thread and found by their arrays, for kernels that are static
 * methods ({@code Dense}): a layer called on the same arrays every step finds its prepared op
 * and makes no garbage, where {@code Nd4j.gemm} builds an op, a context and their argument lists
 * each call (some 2 KB). At most {@value #SIZE} are kept; one more replaces the oldest, whose
 * native context is released.
 */
public final class Matmuls {
    static final int SIZE = 64;

    private static final ThreadLocal<Matmuls> HERE = ThreadLocal.withInitial(Matmuls::new);

    private final PreparedMatmul[] kept = new PreparedMatmul[SIZE];
    private int oldest;

    private Matmuls() {}

    /** c = op(a)·op(b), or c += op(a)·op(b) when {@code accumulate}, op the transpose where asked. */
    public static void run(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB, boolean accumulate) {
        HERE.get().find(a, b, c, transposeA, transposeB, accumulate).run(a, b, c, accumulate);
    }

    private PreparedMatmul find(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB, boolean accumulate) {
        for (PreparedMatmul m : kept) {
            if (m != null && m.transposes(transposeA, transposeB) && m.prepared(a, b, c, accumulate)) {
                return m;
            }
        }
        if (kept[oldest] != null) {
            kept[oldest].close();
        }
        PreparedMatmul m = new PreparedMatmul(transposeA, transposeB);
        kept[oldest] = m;
        oldest = (oldest + 1) % SIZE;
        return m;
    }
}
