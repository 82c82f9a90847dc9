package dev.kiln.runtime.kernels.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;

/**
 * {@code c = op(a) · op(b)}, or {@code c += op(a) · op(b)} when accumulating, by ND4J's
 * {@code matmul} (BLAS), op the transpose where asked, with the op and its native context built
 * once and kept while it is called with the same arrays (as the convolutions' ND4J engines keep
 * theirs): no per-call set-up, no array and no garbage ({@link NativeExec}).
 */
public final class PreparedMatmul {
    private final boolean transposeA;
    private final boolean transposeB;
    private INDArray a;
    private INDArray b;
    private INDArray c;
    private boolean accumulating;
    private DynamicCustomOp op;
    private OpContext context;

    public PreparedMatmul(boolean transposeA, boolean transposeB) {
        this.transposeA = transposeA;
        this.transposeB = transposeB;
    }

    /** Overwrites c with op(a)·op(b); the shapes must agree (ND4J checks them). */
    public void run(INDArray a, INDArray b, INDArray c) {
        run(a, b, c, false);
    }

    /** c = op(a)·op(b), or c += op(a)·op(b) when {@code accumulate}. */
    public void run(INDArray a, INDArray b, INDArray c, boolean accumulate) {
        if (!prepared(a, b, c, accumulate)) {
            op = DynamicCustomOp.builder("matmul").addInputs(a, b).addOutputs(c)
                    .addIntegerArguments(transposeA ? 1 : 0, transposeB ? 1 : 0, 0)
                    .addFloatingPointArguments(1.0, accumulate ? 1.0 : 0.0).build();
            context = OpContexts.replace(context, op);
            this.a = a;
            this.b = b;
            this.c = c;
            this.accumulating = accumulate;
        }
        NativeExec.run(op, context);
    }

    /** Whether the op in hand is for these arrays and this mode. */
    boolean prepared(INDArray a, INDArray b, INDArray c, boolean accumulate) {
        return op != null && this.a == a && this.b == b && this.c == c && accumulating == accumulate;
    }

    boolean transposes(boolean a, boolean b) {
        return transposeA == a && transposeB == b;
    }

    /** Releases the native context; a later {@link #run} builds a new one. */
    void close() {
        if (context != null) {
            OpContexts.replace(context, null);
        }
        op = null;
        context = null;
    }
}
